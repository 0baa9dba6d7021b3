package io.tally.license.it;

import io.tally.license.application.BenchmarkedDecisions;
import io.tally.license.it.platform.ChangeScans;
import io.tally.license.it.platform.EjbTestPlatform;
import io.tally.license.it.platform.EventLog;
import io.tally.license.it.platform.JiraConnector;
import io.tally.license.it.platform.RecordingSwitch;
import io.tally.license.it.platform.ServiceNowConnector;
import io.tally.license.it.platform.SsoFeature;
import io.tally.license.it.platform.TestClock;
import io.tally.license.it.platform.TestIntegration;
import io.tally.license.it.platform.TestPlatform;
import io.tally.license.it.platform.ZendeskConnector;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real WAR plus a small test platform (a CDI one and an EJB one), its connectors and its switch. */
final class TestDeployment {

    private TestDeployment() {
    }

    static WebArchive tallyWithTestPlatform() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tally.it.war")))
                .addClasses(TestIntegration.class, TestPlatform.class, EjbTestPlatform.class, RecordingSwitch.class, EventLog.class,
                        TestClock.class, SsoFeature.class, ChangeScans.class, ServiceNowConnector.class, JiraConnector.class, ZendeskConnector.class, ItVendor.class,
                        TestDeployment.class, BenchmarkedDecisions.class, io.tally.license.records.PausableRecordIndex.class, Await.class, LogWatch.class, TallyClient.class, RawHttp.class)
                .addAsLibraries(new File(System.getProperty("tally.it.issuer")))
                .addAsLibraries(new File(System.getProperty("tally.it.bcprov")))
                .addAsResource(new StringAsset(ZendeskConnector.class.getName()), "META-INF/services/io.tally.license.spi.Connector")
                .addAsLibraries(ShrinkWrap.create(JavaArchive.class, "arquillian-runner-open.jar").addAsManifestResource(new StringAsset(
                        // the WAR protects every path; Arquillian's in-container runner must be reachable without a login
                        "<web-fragment xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"><name>arquillian-runner-open</name>"
                        + "<security-constraint><web-resource-collection><web-resource-name>runner</web-resource-name>"
                        + "<url-pattern>/ArquillianServletRunnerEE9</url-pattern></web-resource-collection></security-constraint>"
                        + "</web-fragment>"), "web-fragment.xml"));
    }
}
