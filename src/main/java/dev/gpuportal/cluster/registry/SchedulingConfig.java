package dev.gpuportal.cluster.registry;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Periodic cluster probes and tenant resyncs. */
@Configuration
@EnableScheduling
class SchedulingConfig {}
