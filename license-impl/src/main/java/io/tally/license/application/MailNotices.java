package io.tally.license.application;

import io.tally.license.spi.LicensingEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The warnings an administrator must not miss, by e-mail to {@code tally.mail.to}: expiry ahead, the
 * cap reached, the cut-off, capacity alerts. Through the container's mail session {@code mail/tally}
 * when a boot command file defines one, else a Jakarta Mail session of Tally's own from
 * {@code tally.mail.host} and {@code tally.mail.port}. Sent on the container's executor, never on
 * the thread that decided; a mail server that is away is logged once, not per mail.
 */
@ApplicationScoped
public class MailNotices {

    private static final Logger LOG = Logger.getLogger(MailNotices.class.getName());
    static final String CONTAINER_SESSION = "mail/tally";

    @Inject
    @ConfigProperty(name = "tally.mail.to")
    Optional<String> to;

    @Inject
    @ConfigProperty(name = "tally.mail.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "tally.mail.port", defaultValue = "25")
    int port;

    @Inject
    @ConfigProperty(name = "tally.mail.from", defaultValue = "tally@localhost")
    String from;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    Executor executor;

    private final Outage outage = new Outage(LOG);
    private volatile boolean noSessionSaid;
    private volatile boolean sessionSaid;

    private static boolean unresolved(String value) {
        return value != null && value.contains("${");
    }

    private void saySession(String which) {
        if (!sessionSaid) {
            sessionSaid = true;
            LOG.info("Warnings go by mail to " + to.orElse("") + " through " + which + ".");
        }
    }

    void on(@Observes LicensingEvent event) {
        if (to.isEmpty() || to.get().isBlank()) {
            return;
        }
        Optional<String[]> mail = subjectAndText(event);
        if (mail.isPresent()) {
            executor.execute(() -> send(mail.get()[0], mail.get()[1]));
        }
    }

    static Optional<String[]> subjectAndText(LicensingEvent event) {
        if (event instanceof LicensingEvent.ExpiryApproaching e) {
            return Optional.of(new String[] {"Tally: licence " + e.licenceId() + " expires in " + e.daysLeft() + " days",
                    "Licence " + e.licenceId() + " expires at " + e.expire() + ", in " + e.daysLeft()
                            + " days. Ask the vendor for a renewal and upload it on Tally's page."});
        }
        if (event instanceof LicensingEvent.TransferCapReached e) {
            return Optional.of(new String[] {"Tally: licence " + e.licenceId() + " reached its cap of transferred records",
                    "Licence " + e.licenceId() + " transferred " + e.records() + " records in " + e.month() + ", reaching its cap of "
                            + e.cap() + ". Past the cap plus its buffer, its integrations are disabled until the month ends."});
        }
        if (event instanceof LicensingEvent.TransferCapExceeded e) {
            return Optional.of(new String[] {"Tally: licence " + e.licenceId() + " is cut off for " + e.month(),
                    "Licence " + e.licenceId() + " passed its cap plus buffer (" + e.limit() + " records) in " + e.month()
                            + ": its integrations are disabled until the month ends, or until a renewal raises the cap."});
        }
        if (event instanceof LicensingEvent.CapacityAlert e) {
            return Optional.of(new String[] {"Tally: licence " + e.licenceId() + " uses " + e.used() + " of " + e.total() + " " + e.what(),
                    "Licence " + e.licenceId() + " uses " + e.used() + " of its " + e.total() + " " + e.what() + " (alert at " + e.percent()
                            + " %). Ask the vendor for more before new work is refused."});
        }
        return Optional.empty();
    }

    private void send(String subject, String text) {
        Session session = session();
        if (session == null) {
            return;
        }
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to.get()));
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            Transport.send(message);
            outage.worked("Mail to " + to.get() + " goes out again.");
        } catch (MessagingException | RuntimeException e) {
            outage.failed(() -> "Mail to " + to.get() + " could not be sent (" + e + ")");
        }
    }

    private Session session() {
        try {
            Session container = (Session) new InitialContext().lookup(CONTAINER_SESSION);
            if (!unresolved(container.getProperty("mail.host")) && !unresolved(container.getProperty("mail.smtp.host"))) {
                saySession("the container's mail session " + CONTAINER_SESSION);
                return container;
            }
            throw new NamingException(CONTAINER_SESSION + " names no host: its ${tally.mail.host} was not set as a system property");
        } catch (NamingException noContainerSession) {
            if (host.isPresent()) {
                saySession("tally.mail.host " + host.get() + ":" + port);
                Properties properties = new Properties();
                properties.setProperty("mail.smtp.host", host.get());
                properties.setProperty("mail.smtp.port", Integer.toString(port));
                properties.setProperty("mail.smtp.connectiontimeout", "10000");
                properties.setProperty("mail.smtp.timeout", "10000");
                return Session.getInstance(properties);
            }
            if (!noSessionSaid) {
                noSessionSaid = true;
                LOG.warning("tally.mail.to is set, but there is no mail session: define " + CONTAINER_SESSION
                        + " in a boot command file, or set tally.mail.host");
            }
            return null;
        }
    }
}
