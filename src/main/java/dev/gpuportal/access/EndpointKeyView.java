package dev.gpuportal.access;

import java.time.Instant;

/** A key as lists show it: never its secret, only the start that tells keys apart. */
public record EndpointKeyView(
        long id, String name, String hint, String createdBy, Instant createdAt, String revokedBy, Instant revokedAt) {}
