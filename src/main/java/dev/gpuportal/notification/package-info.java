/**
 * Notifications in the portal: what it tells a person about their workloads (an idle GPU, a smaller profile on
 * offer), listed in the page header with an unread count that follows by push, and read through the API. Each
 * person sees and marks only their own. Other features tell an idle episode through
 * {@link dev.gpuportal.notification.NotificationService#recordIdleEpisodesForInternalUse}, once per episode.
 */
package dev.gpuportal.notification;
