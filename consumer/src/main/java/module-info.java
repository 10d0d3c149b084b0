/** A user's application that keeps its agents' notes in an agentstore file. */
module io.agentstore.consumer {
    requires transitive io.agentstore;

    exports io.agentstore.consumer;
}
