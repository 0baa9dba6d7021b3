package io.tally.license.it.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * How often EclipseLink works out a transaction's changes (at every flush, and before every query that
 * may need them, unless told not to): each time it walks every object the transaction holds, so a
 * transaction holding thousands of rows that does so once per row or per query costs the square of its size.
 */
@ApplicationScoped
public class ChangeScans {

    @PersistenceUnit(unitName = "tally")
    EntityManagerFactory factory;

    /** The most change calculations any one unit of work made on this thread while {@code work} ran. */
    public int mostInOneTransaction(Runnable work) {
        Thread watched = Thread.currentThread();
        Map<Object, Integer> byUnitOfWork = new IdentityHashMap<>();
        SessionEventAdapter counter = new SessionEventAdapter() {
            @Override
            public void preCalculateUnitOfWorkChangeSet(SessionEvent event) {
                if (Thread.currentThread() == watched) {
                    byUnitOfWork.merge(event.getSession(), 1, Integer::sum);
                }
            }
        };
        Session session = factory.unwrap(Session.class);
        session.getEventManager().addListener(counter);
        try {
            work.run();
        } finally {
            session.getEventManager().removeListener(counter);
        }
        return byUnitOfWork.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
