/**
 * The HTTP JSON API over a trained model: {@link dev.deepfm.server.ModelServer} (lifecycle, routes,
 * worker pool) on the JDK's built-in HTTP server, {@link dev.deepfm.server.ModelHolder} (the served
 * model, swapped atomically on reload), {@link dev.deepfm.server.ApiError} (refusals as 4xx JSON
 * errors), and {@link dev.deepfm.server.LoadGenerator} (a loopback open- and closed-loop load
 * generator). The handlers are thin: the work is {@link dev.deepfm.core.serve.Recommender}'s.
 */
package dev.deepfm.server;
