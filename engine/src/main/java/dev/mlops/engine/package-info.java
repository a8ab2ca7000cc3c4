/**
 * The mlops engine: everything the CLI and the Jenkins plugin run, with no Jenkins dependency.
 *
 * <p>This root package holds the few types every concern shares: the {@link dev.mlops.engine.LogSink} that public
 * APIs report progress to, the exception hierarchy whose kinds the CLI maps to exit codes, and the JSON mapper.
 * Each concern lives in its own sub-package ({@code data}, {@code report}, ...).
 */
package dev.mlops.engine;
