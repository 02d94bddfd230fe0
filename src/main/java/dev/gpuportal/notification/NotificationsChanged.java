package dev.gpuportal.notification;

/** Published when a person's notifications changed (one added, one read), so that their open pages follow. */
record NotificationsChanged(String recipient) {}
