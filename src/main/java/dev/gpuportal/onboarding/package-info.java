/**
 * Setting a tenant up in one go: the tenant with its placement, its members and its first quota (the defaults for
 * what the admin leaves out), checked together and saved in one transaction. Used by the console's wizard and the
 * REST API's tenant creation.
 */
package dev.gpuportal.onboarding;
