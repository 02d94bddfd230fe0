package dev.gpuportal.cluster.registry;

/**
 * A kind of GPU a cluster's nodes offer: a GPU resource name ({@code nvidia.com/gpu}, {@code nvidia.com/mig-1g.10gb},
 * ...) on nodes of one product ({@code nvidia.com/gpu.product}, empty when unlabelled), with how many units those
 * nodes offer together; {@code topology} when every one of those nodes names its topology block (see
 * {@link NodeTopology}), and the RDMA device-plugin resource they all advertise ({@code rdma/ib}), else null.
 */
public record GpuFamily(String resource, String product, long units, boolean topology, String rdmaResource) {

    /** A family whose nodes name no topology and advertise no RDMA resource. */
    public GpuFamily(String resource, String product, long units) {
        this(resource, product, units, false, null);
    }
}
