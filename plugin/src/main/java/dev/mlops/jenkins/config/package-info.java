/** The plugin's global configuration ({@code mlops} in Configuration as Code). */
package dev.mlops.jenkins.config;
