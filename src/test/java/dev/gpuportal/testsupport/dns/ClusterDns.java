package dev.gpuportal.testsupport.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The simulated cluster's DNS for tests: Service names ({@code <name>.<namespace>.svc}) a test registers resolve to
 * the address of the server standing in for the workload, as cluster DNS resolves them for a portal running in the
 * cluster. Every other name goes to the machine's resolver unchanged. Installed as the JVM's resolver through
 * {@code META-INF/services} of the test classpath; names must be registered before their first lookup (the JVM
 * caches answers for 30 s).
 */
public final class ClusterDns extends InetAddressResolverProvider {

    private static final Map<String, InetAddress> NAMES = new ConcurrentHashMap<>();

    public static void register(String name, InetAddress address) {
        NAMES.put(name.toLowerCase(Locale.ROOT), address);
    }

    public static void unregister(String name) {
        NAMES.remove(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver machine = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                InetAddress registered = NAMES.get(host.toLowerCase(Locale.ROOT));
                return registered != null
                        ? Stream.of(InetAddress.getByAddress(host, registered.getAddress()))
                        : machine.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return machine.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "simulated cluster DNS";
    }
}
