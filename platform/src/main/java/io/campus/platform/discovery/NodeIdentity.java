package io.campus.platform.discovery;

/**
 * Who publishes a record: the Vert.x node id (the cluster member, or a local id when not clustered), the
 * configured node name and the software version.
 */
public record NodeIdentity(String nodeId, String nodeName, String version) {

  /** The metadata key that holds the node id in every Campus record. */
  public static final String NODE_ID = "nodeId";
}
