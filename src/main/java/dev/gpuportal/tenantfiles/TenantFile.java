package dev.gpuportal.tenantfiles;

import java.util.List;
import java.util.Map;

/**
 * One parsed tenant file, with the line of each field so that problems can point at it.
 *
 * @param lines field path (e.g. "quota.memory", "members[1]") → 1-based line in the file
 */
record TenantFile(
        String slug,
        String displayName,
        String description,
        String isolationTier,
        String kubernetesVersion,
        List<String> nodePools,
        List<String> allowedRegions,
        List<String> clusters,
        List<Member> members,
        Map<String, String> quota,
        Map<String, String> caps,
        Map<String, Integer> lines) {

    /** A user or group with a role, as written: kind "group" or "user", role "tenant-admin", "member", "viewer". */
    record Member(String kind, String name, String role) {}

    int lineOf(String field) {
        Integer line = lines.get(field);
        if (line != null) {
            return line;
        }
        int dot = field.lastIndexOf('.');
        return dot > 0 ? lineOf(field.substring(0, dot)) : lines.getOrDefault("", 1);
    }
}
