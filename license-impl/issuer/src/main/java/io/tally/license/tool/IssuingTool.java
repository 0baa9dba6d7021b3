package io.tally.license.tool;

import io.tally.license.licences.Licence;
import io.tally.license.licences.RequestFile;
import io.tally.license.licences.LicenceFormat;
import io.tally.license.licences.LicenceRefusedException;
import io.tally.license.licences.LicenceVerifier;
import io.tally.license.licences.TrustedKey;
import io.tally.license.licences.TrustedKeys;
import io.tally.license.licences.VerifiedLicence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor's command-line tool: {@code java -jar license-impl/issuer/target/tally-issuer.jar <command>}.
 * Run it without arguments for the usage.
 */
public final class IssuingTool {

    static final String USAGE = """
            Tally issuing tool
              keygen --key-id ID [--out DIR]            create DIR/ID.private and DIR/ID.public (DIR defaults to .)
              issue  --key ID.private --id ID --company C --registered-to NAME --email E
                     (--bound-to HOST[,HOST...] | --request FILE [--bound-to HOST|all]) --system-a TYPE --system-b TYPE --expire WHEN
                     [--points N] [--transferred-records N] [--start WHEN] [--kind subscription|perpetual|trial] [--grace-days N]
                     [--edition E] [--capabilities a,b] [--issued WHEN] [--out FILE]
                                                        sign a licence (to FILE, or standard output)
              show   FILE                               print a licence file's attributes
              verify FILE --public-key ID.public        check a licence file's format and signature
              verify-record FILE [--filtered true]      check the hash chain of a licensing-record export (JSON Lines);
                                                        a filtered export (by licence or type) has each entry checked
              verify-statement FILE --installation-key KEY [--record EXPORT]
                                                        check a usage statement's signature (KEY: the installation's
                                                        public key, base64), and that EXPORT holds its last entry
            WHEN is now, +30d, -2h, 2027-01-31 (midnight UTC) or an ISO-8601 instant.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    IssuingTool(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new IssuingTool(System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** Runs one command; 0 on success, 1 for a refused licence, 2 for a wrong command line. */
    int run(String... args) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        try {
            Map<String, String> options = options(args);
            switch (args[0]) {
                case "keygen" -> keygen(options);
                case "issue" -> issue(options);
                case "show" -> show(options);
                case "verify" -> verify(options);
                case "verify-record" -> {
                    return new RecordCheck(out, err).verifyExport(Path.of(required(options, "file")), "true".equals(options.get("filtered")));
                }
                case "verify-statement" -> {
                    return new RecordCheck(out, err).verifyStatement(Path.of(required(options, "file")),
                            required(options, "installation-key"), options.containsKey("record") ? Path.of(options.get("record")) : null);
                }
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (LicenceRefusedException e) {
            err.println("refused (" + e.refusal().code() + "): " + e.detail());
            return 1;
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                options.put("file", args[i]);
            } else if (i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.remove(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + (name.equals("file") ? "FILE" : "--" + name));
        }
        return value;
    }

    private void keygen(Map<String, String> options) throws IOException {
        String keyId = required(options, "key-id");
        Path dir = Path.of(options.getOrDefault("out", "."));
        if (Files.exists(dir.resolve(keyId + ".private"))) {
            throw new IllegalArgumentException(dir.resolve(keyId + ".private") + " exists; refusing to overwrite a signing key");
        }
        KeyFile.writePair(dir, keyId, Signing.generate());
        KeyFile publicKey = KeyFile.read(dir.resolve(keyId + ".public"));
        out.println("wrote " + dir.resolve(keyId + ".private") + " (keep it secret) and " + dir.resolve(keyId + ".public"));
        out.println("to trust it in a development Tally: tally.licence.trusted-keys=" + publicKey.configEntry());
    }

    private void issue(Map<String, String> options) throws IOException {
        LicenceIssuer issuer = new LicenceIssuer(KeyFile.read(Path.of(required(options, "key"))));
        String target = options.remove("out");
        String requestPath = options.remove("request");
        if (requestPath != null) {
            RequestFile request = RequestFile.read(Files.readAllBytes(Path.of(requestPath)));
            options.put("bound-to", boundTo(request, options.get("bound-to")));
            out.println("request from installation " + request.installationId() + " (product build " + request.productBuild()
                    + "), installed: " + (request.licences().isEmpty() ? "none" : String.join(" | ", request.licences())));
        }
        Licence licence = RequestOptions.fromOptions(options, clock.instant()).build(issuer.keyId(), clock.instant());
        String file = issuer.issue(licence);
        if (target == null) {
            out.print(file);
        } else {
            Files.writeString(Path.of(target), file, StandardCharsets.UTF_8);
            out.println("wrote licence " + licence.id() + " to " + target);
        }
    }

    /**
     * The addresses to bind to from a request: its only one; with several, the ones chosen with
     * {@code --bound-to} (among the request's), {@code --bound-to all}, or asked at the terminal.
     */
    private String boundTo(RequestFile request, String chosen) {
        List<String> offered = request.addresses();
        if (chosen == null && offered.size() == 1) {
            return offered.get(0);
        }
        if (chosen == null && System.console() != null) {
            for (int i = 0; i < offered.size(); i++) {
                out.println("  " + (i + 1) + ") " + offered.get(i));
            }
            String answer = System.console().readLine("Bind the licence to which address (1-%d, or 'all')? ", offered.size());
            chosen = answer == null ? null : answer.strip().matches("\\d+") ? offered.get(Integer.parseInt(answer.strip()) - 1) : answer.strip();
        }
        if (chosen == null) {
            throw new IllegalArgumentException("the request names several addresses: " + String.join(", ", offered)
                    + "; choose with --bound-to ADDRESS[,ADDRESS], or bind them all with --bound-to all");
        }
        if (chosen.equals("all")) {
            return String.join(",", offered);
        }
        for (String address : chosen.split(",")) {
            if (!offered.contains(address.strip())) {
                throw new IllegalArgumentException("'" + address.strip() + "' is not an address of the request: " + String.join(", ", offered));
            }
        }
        return chosen;
    }

    private void show(Map<String, String> options) throws IOException {
        Licence licence = LicenceFormat.read(Files.readAllBytes(Path.of(required(options, "file")))).licence();
        print(licence);
        out.println("(not verified: use 'verify' with the public key)");
    }

    private void verify(Map<String, String> options) throws IOException {
        byte[] file = Files.readAllBytes(Path.of(required(options, "file")));
        TrustedKey key = KeyFile.read(Path.of(required(options, "public-key"))).asTrusted(TrustedKey.CONFIGURED);
        VerifiedLicence verified = new LicenceVerifier(TrustedKeys.of(key)).verify(file);
        print(verified.licence());
        out.println("signature: valid (key " + key.keyId() + ")");
    }

    private void print(Licence licence) {
        out.println("licence id:          " + licence.id());
        out.println("company:             " + licence.company());
        out.println("registered to:       " + licence.registeredTo());
        out.println("e-mail:              " + licence.email());
        out.println("points:              " + licence.points());
        out.println("transferred records: " + (licence.transferredRecordsPerMonth() == null ? "unlimited" : licence.transferredRecordsPerMonth() + " per month"));
        out.println("bound to:            " + licence.boundTo());
        out.println("start:               " + licence.start());
        out.println("expire:              " + licence.expire());
        out.println("systems:             " + licence.systemA() + " - " + licence.systemB());
        out.println("kind:                " + licence.kind().text());
        if (licence.graceDays() != null) {
            out.println("grace:               " + licence.graceDays() + " days, until " + licence.end());
        }
        out.println("edition:             " + licence.edition());
        out.println("capabilities:        " + String.join(", ", licence.capabilities()));
        out.println("issued:              " + licence.issued());
        out.println("key id:              " + licence.keyId());
    }
}
