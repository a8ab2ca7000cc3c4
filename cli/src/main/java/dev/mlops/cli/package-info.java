/**
 * The {@code mlops} command line over the engine. Every command writes a versioned JSON result (see docs/cli.md)
 * and exits with a documented code, which is how CI systems and the Jenkins plugin consume it.
 */
package dev.mlops.cli;
