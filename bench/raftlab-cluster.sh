# Sourced by the bench scripts (source "$ROOT/bench/raftlab-cluster.sh"): a 3-node RaftLab cluster
# (./raftlab cluster) started in the background of the calling script, and stopped again. The
# counterpart of bench/etcd-cluster, which starts etcd's members as processes of their own.
#
#   start_raftlab_cluster DATA PORT LOG [TREE]  starts it from TREE (default: this tree) with its data in
#       DATA, clients on PORT..PORT+2, output appended to LOG; returns once node 0 answers /health and the
#       control channel is up (DATA/control.url), with the supervisor's pid in RAFTLAB_CLUSTER_PID.
#       Ends the calling script, with the log's end, if it does not start within 30 s.
#   stop_raftlab_cluster [PID]                  stops it as Ctrl-C does (nodes stop cleanly) and waits.
#   raftlab_node_pids DATA                      the node processes' pids, comma-separated (for --server-pids).

start_raftlab_cluster() {
  local data=$1 port=$2 log=$3 tree=${4:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
  rm -f "$data/control.url" # a stopped cluster's, which the one starting now replaces
  (cd "$tree" && exec ./raftlab cluster --data "$data" --port "$port") >> "$log" 2>&1 &
  RAFTLAB_CLUSTER_PID=$!
  for _ in $(seq 1 150); do
    [ -f "$data/control.url" ] && curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0
    sleep 0.2
  done
  echo "$(basename "$0"): the RaftLab cluster on port $port did not start; the end of $log says:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

stop_raftlab_cluster() {
  local pid=${1:-${RAFTLAB_CLUSTER_PID:-}}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
}

raftlab_node_pids() {
  local data=$1 n pid pids=()
  for n in 0 1 2; do
    pid="$(pgrep -f "$data/node$n.properties" || true)"
    [ "$(echo "$pid" | wc -w)" = 1 ] || { echo "$(basename "$0"): expected one process for node $n of $data, found '$pid'" >&2; exit 1; }
    pids+=("$pid")
  done
  (IFS=,; echo "${pids[*]}")
}
