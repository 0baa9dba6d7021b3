package io.tally.license.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Payara Micro's data grid, used for one thing: telling the other nodes that an epoch committed, so they
 * read the change log now rather than at their next poll. A lost message only delays a node until that
 * poll; nothing is decided from a message.
 */
@ApplicationScoped
public class ClusterSignal {

    private static final Logger LOG = Logger.getLogger(ClusterSignal.class.getName());
    static final String TOPIC = "tally-licensing-epoch";
    private static final String GRID = "payara/Hazelcast";

    private volatile HazelcastInstance grid;
    private volatile ITopic<Long> topic;
    private UUID listening;

    /** Joins the topic: {@code heard} gets every epoch any node announces (this one's too). */
    public synchronized void listen(LongConsumer heard) {
        try {
            grid = (HazelcastInstance) new InitialContext().lookup(GRID);
            ITopic<Long> joined = grid.getTopic(TOPIC);
            listening = joined.addMessageListener(message -> heard.accept(message.getMessageObject()));
            topic = joined;
        } catch (NamingException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "No data grid (" + e + "): this node learns of other nodes' changes from the database's change log only");
        }
    }

    /** Tells the other nodes that an epoch committed; a failure is only logged (their poll finds it). */
    public void publish(long epoch) {
        ITopic<Long> joined = topic;
        if (joined != null) {
            try {
                joined.publish(epoch);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not announce epoch " + epoch + "; the other nodes find it at their next poll", e);
            }
        }
    }

    /** The data grid's members this node sees, itself included; 0 without a data grid. */
    public int members() {
        HazelcastInstance joined = grid;
        try {
            return joined == null ? 0 : joined.getCluster().getMembers().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** This node's address in the data grid, for the log and the page; empty without one. */
    public String address() {
        HazelcastInstance joined = grid;
        try {
            Member self = joined == null ? null : joined.getCluster().getLocalMember();
            return self == null ? "" : self.getAddress().toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    public synchronized void stop() {
        ITopic<Long> joined = topic;
        topic = null;
        if (joined != null && listening != null) {
            try {
                joined.removeMessageListener(listening);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Leaving the topic failed", e);
            }
        }
    }
}
