/**
 * Machine tracking: trackers inside machines heartbeat their hostname and addresses with
 * {@code POST /api/register}; the server keeps who is online in memory and writes behind to the
 * store. A heartbeat's path, in the order it runs:
 *
 * <pre>
 *  POST /api/register
 *    │  http.BodyRoutes        on Jetty's I/O thread, below the servlet layer: no thread hand-off,
 *    │                         the body read without blocking (nothing on this path may block)
 *    ├─ http.Admission         the per-address rate limit
 *    ├─ identity.AuthGuard     → {@link io.drover.server.tracker.RegistrationTokens#admit}: the
 *    │                         project and whether a token vouches for the machine (token hashes
 *    │                         held in memory, re-read every 5 s off this thread)
 *    ▼
 *  {@link io.drover.server.tracker.LegacyTrackerRoutes}   the original VM Tracker's API
 *    ├─ {@link io.drover.server.tracker.HeartbeatParser}       bytes → a checked {@link io.drover.server.tracker.Heartbeat}
 *    ▼
 *  {@link io.drover.server.tracker.MachineRegistry}       the machines in memory ({@link io.drover.server.tracker.Tracked} slots):
 *                              an unchanged machine only moves last_seen; a change makes a new
 *                              {@link io.drover.server.tracker.Machine}, an event, and marks it dirty — then the 200 reply
 *        ┆ every 200 ms, on the writer's thread
 *        ▼
 *  {@link io.drover.server.tracker.MachineWriter}         one transaction per flush: changed rows through
 *                              {@link io.drover.server.tracker.MachineStore} (MERGE), last_seen-only changes appended to
 *                              {@link io.drover.server.tracker.SeenLog}, and the events
 * </pre>
 *
 * {@link io.drover.server.tracker.Liveness} marks machines offline and forgets long-gone ones on
 * a timer; {@link io.drover.server.tracker.MachineRoutes} serves {@code /api/v1/machines};
 * {@link io.drover.server.tracker.InstallScript} serves {@code install.sh}; and
 * {@link io.drover.server.tracker.Tracking} wires it all and answers which tracked machine is a
 * VM's ({@code ipOfUuid}).
 */
package io.drover.server.tracker;
