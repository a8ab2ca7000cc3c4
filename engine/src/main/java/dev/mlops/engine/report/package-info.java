/**
 * Self-contained HTML reports: one file each, inline CSS and inline SVG charts, no script or font fetched from
 * anywhere, so that a report opens the same from a Jenkins build page, a CI artifact or a laptop.
 */
package dev.mlops.engine.report;
