package io.chatservice.bench;

/** The --help text; chat-bench/README.md explains each flag at more length. */
final class Usage {

    private Usage() {}

    static final String TEXT = """
            chat-bench: load tool for the chat service (STOMP over WebSocket + REST)

            usage: java -jar chat-bench/target/chat-bench-0.1.0-SNAPSHOT.jar --scenario SCENARIO [flags]

            scenarios (each flag below overrides the scenario's preset):
              chat       100 rooms x 10 subscribers, 20 senders, 500 msg/s for 60s (+5s warm-up)
              broadcast  1 room x 1000 subscribers, 1 sender, 20 msg/s for 60s (+5s warm-up)
              idle       up to 20000 idle connections in 10 rooms, held 30s; server RSS/heap per connection
              sync       1000 clients over 10 rooms reconnect at once and sync 100 missed messages per room

            server and identity
              --url URL                  server base address                       [http://localhost:8080]
              --ws-path PATH             STOMP WebSocket endpoint                  [/ws]
              --secret SECRET            mint HS256 tokens with the server's CHAT_AUTH_SECRET
                                         (otherwise tokens come from POST /api/dev/tokens)
              --token-ttl DURATION       lifetime of minted tokens                 [2h]
              --run-id ID                prefix of this run's users, rooms and clientMsgIds [random]

            load (chat, broadcast)
              --rooms N  --subscribers K (per room)  --senders N
              --rate MSG_PER_S           open-loop target rate, all senders together
              --duration D  --warmup D   measured time and unmeasured warm-up before it
              --drain D                  longest wait after the last send for acks and deliveries [10s]
              --message-size CHARS       padding added to each message's content   [100]
              --max-in-flight N          unacked sends per sender before further sends queue in the
                                         tool (latency still counts from the intended time); 0 = no bound [100]
              --saturate                 raise the rate step by step until acks fall behind
              --saturate-start R [100]  --saturate-factor F [1.25]  --saturate-step D [10s]
              --saturate-max-p99 D       a step whose p99 send->ack exceeds this is not sustained [1s]
              --saturate-max-rate R      stop raising here                         [1000000]

            idle
              --connections N            connections to try                        [20000]
              --connections-per-user N   connections sharing one user, token and room membership
                                         (one REST join per user; the server's
                                         CHAT_WS_MAXCONNECTIONSPERUSER must allow N) [1]
              --force-gc                 jcmd GC.run before each heap reading      [on for idle]
            sync
              --clients N  --backlog MESSAGES_PER_ROOM  --sync-limit PAGE_SIZE (1..200) [200]
            connections
              --connect-concurrency N    handshakes in parallel during set-up      [64]
              --connect-timeout D        [30s]      --heartbeat D  client heart-beat, 0 = none [10s]
              --transport nio|jdk        WebSocket client: the tool's own NIO client (ws:// only, cheapest
                                         per delivery) or the JDK's     [nio for http://, jdk for https://]
              --setup-concurrency N      REST calls in parallel during set-up      [32]
                                         (set-up retries 503/429 answers with backoff, up to 8 tries)

            measurement and output
              --server-pid PID           read the server's RSS and CPU from /proc/PID, heap via jcmd
              --actuator URL             actuator base for jvm.memory.used         [URL/actuator]
              --pgbench SCRIPT           run the database baseline (chat-bench/pgbench/baseline.sh) first
              --pgbench-args "ARGS"      arguments for that script
              --baseline-json FILE       or read a baseline JSON line saved earlier
              --json-out FILE            also append the JSON result line to FILE

            chart (no load; draws earlier results)
              --chart-from FILE.jsonl --chart-out FILE.svg   latency p50/p90/p99 (ack, delivery) against
                                         offered load, from --saturate steps and fixed-rate runs
              --chart-scenario chat|broadcast [chat]   --chart-runs RUNID,...   --chart-title TEXT

            Output: a human summary, then one JSON line (tail -n 1). Exit 0 if the checks passed, 1 if not
            (missing, duplicate or reordered deliveries; outside --saturate also errors, unanswered or failed
            sends), 2 on bad flags or a run that could not be set up.
            """;
}
