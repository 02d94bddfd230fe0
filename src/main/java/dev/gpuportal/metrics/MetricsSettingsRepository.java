package dev.gpuportal.metrics;

import org.springframework.data.jpa.repository.JpaRepository;

interface MetricsSettingsRepository extends JpaRepository<MetricsSettingsRow, Integer> {}
