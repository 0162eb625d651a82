#!/usr/bin/env bash
# Emulate.Preflight: vswitch-sim refuses a scenario whose taps cannot be used before anything
# is built or written, with exit status 2 (an invalid scenario) and a message that says what
# is wrong and what to do:
#   - a tap that does not exist              "no interface NAME in this network namespace"
#   - a tap another process has open         "is in use"
#   - an interface that is not a tap         "is not a tap"
#   - "create": true on an existing name     "exists already"
#   - no CAP_NET_ADMIN (capsh/setpriv drop)  "a tap needs CAP_NET_ADMIN, which this process lacks"
# Parts this machine cannot do are skipped with a message; nothing at all: exit 77 (CTest
# SKIP_RETURN_CODE), never a silent pass.
#
#   preflight-test.sh VSWITCH_SIM SOURCE_DIR WORK_DIR
set -uo pipefail
SIM="$1"
SRC="$2"
WORK="$3/preflight-$$"
NS="vswpre-$$"
HOLDER=""
mkdir -p "$WORK"
cleanup() {
  [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
  ip netns del "$NS" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

failures=0
ran=0
skipped=()

# scenario NAME TAP [create]: the lab scenario with another tap name (and "create": true)
scenario() {
  local extra=""
  [ "${3:-}" = create ] && extra=', "create": true'
  sed -e "s/\"tap\": \"vsw0\"/\"tap\": \"$2\"$extra/" "$SRC/examples/emulate/tap-lab.json" \
    >"$WORK/$1.json"
  echo "$WORK/$1.json"
}

# expect NAME EXPECTED-TEXT COMMAND...: exit status 2, the text on stderr, no output folder
expect() {
  local name="$1" text="$2"
  shift 2
  ran=$((ran + 1))
  local out="$WORK/out-$name"
  timeout 60 "$@" --output="$out" >"$WORK/$name.stdout" 2>"$WORK/$name.stderr"
  local rc=$?
  if [ "$rc" -ne 2 ] || ! grep -qF -- "$text" "$WORK/$name.stderr" || [ -e "$out" ]; then
    echo "FAIL $name: exit status $rc (want 2), stderr:"
    sed 's/^/    /' "$WORK/$name.stderr"
    [ -e "$out" ] && echo "    (and the output folder $out was created: something ran)"
    echo "    wanted: $text"
    failures=$((failures + 1))
  else
    echo "ok   $name: $(grep -F -- "$text" "$WORK/$name.stderr" | head -1)"
  fi
}

if [ "$(id -u)" -ne 0 ]; then
  # Without root the privilege check is what answers, whatever the tap.
  expect not-root "a tap needs CAP_NET_ADMIN, which this process lacks" "$SIM" --scenario="$(scenario nr vsw0)"
  skipped+=("nonexistent / in-use / not-a-tap taps (need root and a namespace)")
else
  if ip netns add "$NS" 2>/dev/null && ip netns exec "$NS" ip tuntap add vswbusy mode tap 2>/dev/null; then
    IN_NS=(ip netns exec "$NS")
    expect nonexistent "no interface vswnone in this network namespace (make it first: ip tuntap add vswnone mode tap" \
      "${IN_NS[@]}" "$SIM" --scenario="$(scenario nonexistent vswnone)"
    # A process holding the tap (as a second vswitch-sim would).
    "${IN_NS[@]}" python3 -c '
import fcntl, os, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"vswbusy", 0x0002 | 0x1000))  # TUNSETIFF, IFF_TAP|IFF_NO_PI
print("holding", flush=True)
time.sleep(60)' >"$WORK/holder.log" 2>&1 &
    HOLDER=$!
    for _ in $(seq 50); do grep -q holding "$WORK/holder.log" && break; sleep 0.1; done
    expect in-use "interface vswbusy is in use" \
      "${IN_NS[@]}" "$SIM" --scenario="$(scenario in-use vswbusy)"
    kill "$HOLDER" 2>/dev/null
    wait "$HOLDER" 2>/dev/null
    HOLDER=""
    expect not-a-tap "interface lo is not a tap" \
      "${IN_NS[@]}" "$SIM" --scenario="$(scenario not-a-tap lo)"
    expect create-exists "interface vswbusy exists already" \
      "${IN_NS[@]}" "$SIM" --scenario="$(scenario create-exists vswbusy create)"
    if command -v capsh >/dev/null; then
      expect no-cap-net-admin "a tap needs CAP_NET_ADMIN, which this process lacks" \
        "${IN_NS[@]}" capsh --drop=cap_net_admin -- -c 'exec "$0" "$@"' "$SIM" \
        --scenario="$(scenario nocap vswbusy)"
    elif command -v setpriv >/dev/null; then
      expect no-cap-net-admin "a tap needs CAP_NET_ADMIN, which this process lacks" \
        "${IN_NS[@]}" setpriv --bounding-set=-net_admin --inh-caps=-net_admin -- "$SIM" \
        --scenario="$(scenario nocap vswbusy)"
    else
      skipped+=("no CAP_NET_ADMIN (neither capsh nor setpriv is installed)")
    fi
  else
    skipped+=("nonexistent / in-use / not-a-tap taps (cannot make a namespace with a tap)")
    if command -v setpriv >/dev/null; then
      expect no-cap-net-admin "a tap needs CAP_NET_ADMIN, which this process lacks" \
        setpriv --bounding-set=-net_admin --inh-caps=-net_admin -- "$SIM" \
        --scenario="$(scenario nocap vsw0)"
    fi
  fi
fi

for s in "${skipped[@]}"; do
  echo "SKIPPED part: $s"
done
if [ "$failures" -gt 0 ]; then
  echo "Emulate.Preflight: $failures of $ran checks failed"
  exit 1
fi
if [ "$ran" -eq 0 ]; then
  echo "Emulate.Preflight: SKIPPED: nothing could be checked on this machine"
  exit 77
fi
echo "Emulate.Preflight: $ran checks passed"
