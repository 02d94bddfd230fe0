package dev.gpuportal.metrics;

import org.springframework.data.jpa.repository.JpaRepository;

interface GpuPriceRepository extends JpaRepository<GpuPrice, String> {}
