package dev.gpuportal.cluster.registry;

import java.util.List;

/**
 * The node labels that say where a GPU node sits on the network, from the widest level to the node itself, as Kueue's
 * topology-aware scheduling reads them: a block (nodes on one fast interconnect fabric, e.g. one InfiniBand
 * spine), a rack within it, the node. Nodes that carry the block label can take training jobs whose workers must stay
 * together; the portal keeps such workers within one block.
 */
public final class NodeTopology {

    public static final String BLOCK = "gpu-portal.dev/block";
    public static final String RACK = "gpu-portal.dev/rack";
    public static final String HOST = "kubernetes.io/hostname";
    /** The levels in Kueue's order: widest first, the node last. */
    public static final List<String> LEVELS = List.of(BLOCK, RACK, HOST);
    /** The level a job's workers are kept within when they ask for the fast interconnect. */
    public static final String KEEP_TOGETHER_LEVEL = BLOCK;
    /** Device-plugin resources of RDMA network devices start with this. */
    public static final String RDMA_PREFIX = "rdma/";

    private NodeTopology() {}
}
