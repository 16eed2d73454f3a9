/** Charts rendered headless to PNG with XChart: training curves, model comparison, embedding analysis. */
package dev.deepfm.cli.chart;
