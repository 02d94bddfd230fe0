package dev.gpuportal.quota;

/** GPU units of one profile that running workloads hold together, summed by the database. */
public record ProfileUnits(Long profileId, long units) {}
