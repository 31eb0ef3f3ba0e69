#!/usr/bin/env bash
# Records a corpus of REAL benign traffic that a naive model mistakes for attacks (health checks look like
# port scans, metrics scrapes and polling like brute force, ping monitoring like a sweep, ssh automation like
# hydra ssh, bulk downloads like floods), made with the real tools in network namespaces this script creates
# and removes. Traffic never leaves them: no namespace has a default route. Each capture is taken on the
# bridge (dumpcap on br0 in the bridge's namespace: every host's traffic, like a sensor on a span port) and
# exported with tshark in lab-a's exact CSV layout (its 57 fields, then `alert,attack`, every row
# "benign","benign"), gzipped, with an episodes file in lab-a's format (no episodes).
#
# Needs root, ip (iproute2), ethtool, dumpcap/tshark 4.0, nginx, OpenSSH (sshd, ssh), sshpass, vsftpd,
# dnsmasq, dig, curl, nc (OpenBSD), ping (iputils), openssl, python3, useradd/userdel. It creates a local
# user `ops` for the lab (home under the temp dir) and deletes it at the end. Tests and benches only read the
# outputs; they never run this.
# Usage: bash public/corpus/benign/make-benign.sh [OUTDIR]      ONLY="name ..." records just those.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${1:-$here}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
[ "$(id -u)" = 0 ] || { echo "make-benign.sh: needs root" >&2; exit 1; }
tmp="$(mktemp -d)"
chmod 755 "$tmp"     # nginx's workers (www-data) and vsftpd's sessions (ops) read files under it

tag="nb$$"
NS_BR="${tag}br"
NET=10.198.9
S1=$NET.101; S2=$NET.102
SERVERS="$S1 $S2"
# host name:last octet; each gets namespace ${tag}NAME, IP $NET.OCTET, MAC 02:4c:0a:c6:09:<octet in hex>.
HOSTS="s1:101 s2:102 client1:110 lb:111 monitor:112 scraper:113 automation:114 admin:115"
ALL_IPS="$S1 $S2 $NET.110 $NET.111 $NET.112 $NET.113 $NET.114 $NET.115"
ns_of() { echo "${tag}$1"; }

OPS_USER=ops; OPS_PW='Ops-Lab-2026!'; OPS_TYPO='Ops-Lab-2026'
OPS_MARK="nids-workbench benign lab (make-benign.sh)"
WEB_PW='Adm1n-Lab-2026'        # /admin/ basic auth: users admin, alice, bob, all this password
DUR="${DUR:-75}"               # seconds of traffic per capture (mixed-office: DUR+15)

PIDS=()          # every background process this script started (captures, servers, jobs, busy loops)
made_user=0; made_run_sshd=0
cleanup() {
  set +e
  trap - EXIT INT TERM
  local p ns h
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for h in $HOSTS; do
    ns="$(ns_of "${h%%:*}")"
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
  done
  for p in $(ip netns pids "$NS_BR" 2>/dev/null); do kill "$p" 2>/dev/null; done
  sleep 1
  for h in $HOSTS; do
    ns="$(ns_of "${h%%:*}")"
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  for p in $(ip netns pids "$NS_BR" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  ip netns del "$NS_BR" 2>/dev/null
  [ "$made_user" = 1 ] && timeout 20 userdel "$OPS_USER" 2>/dev/null
  [ "$made_run_sshd" = 1 ] && rmdir /run/sshd 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for t in ip ethtool dumpcap tshark nginx /usr/sbin/sshd ssh ssh-keygen sshpass vsftpd dnsmasq dig curl nc ping \
         openssl python3 useradd userdel chpasswd; do
  command -v "$t" >/dev/null || { echo "make-benign.sh: missing $t" >&2; exit 1; }
done

# ---------------------------------------------------------------------------------------------------------
# The lab: one bridge in its own namespace; two servers and six clients on it. IPv6 off (as in lab-a's
# capture, which has no IPv6 frames); offloads off on every veth so frames are wire-sized (as lab-a's).
ip netns add "$NS_BR"
ip netns exec "$NS_BR" timeout 10 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$NS_BR" link set lo up
ip -n "$NS_BR" link add br0 type bridge
ip -n "$NS_BR" link set br0 type bridge forward_delay 0 stp_state 0
ip -n "$NS_BR" link set br0 up
i=0
for h in $HOSTS; do
  name="${h%%:*}"; oct="${h##*:}"; ns="$(ns_of "$name")"
  mac="$(printf '02:4c:0a:c6:09:%02x' "$oct")"
  ip netns add "$ns"
  ip netns exec "$ns" timeout 10 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$ns" link set lo up
  ip link add "${tag}h$i" type veth peer name "${tag}p$i"
  ip link set "${tag}h$i" netns "$ns"
  ip link set "${tag}p$i" netns "$NS_BR"
  ip -n "$ns" link set "${tag}h$i" name eth0
  ip -n "$ns" link set eth0 address "$mac"
  ip -n "$ns" addr add "$NET.$oct/24" dev eth0
  ip netns exec "$ns" timeout 10 ethtool -K eth0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
  ip netns exec "$NS_BR" timeout 10 ethtool -K "${tag}p$i" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
  ip -n "$ns" link set eth0 up
  ip -n "$NS_BR" link set "${tag}p$i" master br0
  ip -n "$NS_BR" link set "${tag}p$i" up
  i=$((i + 1))
done
ip netns exec "$NS_BR" timeout 10 ethtool -K br0 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
sleep 1

# ---------------------------------------------------------------------------------------------------------
# Content and accounts shared by both servers.
www="$tmp/www"; ftp="$tmp/ftp"
mkdir -p "$www/static" "$www/admin" "$www/files" "$ftp/reports" "$ftp/pub" "$tmp/home/$OPS_USER"
python3 - "$www" "$ftp" <<'PY'
import os, random, sys
www, ftp = sys.argv[1:3]
r = random.Random(909)
words = 'network service report quarterly team office printer update schedule meeting policy server backup'.split()
def text(n): return ' '.join(r.choice(words) for _ in range(n))
for i in range(20):
    body = ''.join('<p>%s</p>\n' % text(40) for _ in range(18))
    open(os.path.join(www, 'page%d.html' % i), 'w').write(
        '<!doctype html><html><head><title>Intranet page %d</title><link rel="stylesheet" href="/static/style.css">'
        '<script src="/static/app.js"></script></head><body><img src="/static/logo.png">\n%s</body></html>\n' % (i, body))
open(os.path.join(www, 'index.html'), 'w').write(open(os.path.join(www, 'page0.html')).read())
open(os.path.join(www, 'static/style.css'), 'w').write(''.join('.c%d { margin: %dpx; color: #%06x; }\n' % (i, i % 17, r.randrange(1 << 24)) for i in range(200)))
open(os.path.join(www, 'static/app.js'), 'w').write(''.join('function f%d(x) { return x * %d + %d; }\n' % (i, r.randrange(99), r.randrange(99)) for i in range(450)))
open(os.path.join(www, 'static/logo.png'), 'wb').write(b'\x89PNG\r\n\x1a\n' + bytes(r.randrange(256) for _ in range(12000)))
for p in ('index.html', 'status.html'):
    open(os.path.join(www, 'admin', p), 'w').write('<html><body><h1>Admin %s</h1>%s</body></html>\n' % (p, '<p>%s</p>' % text(200)))
m = ['# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.', '# TYPE node_cpu_seconds_total counter']
for cpu in range(4):
    for mode in ('idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'):
        m.append('node_cpu_seconds_total{cpu="%d",mode="%s"} %.2f' % (cpu, mode, r.random() * 1e5))
for name in ('node_memory_MemFree_bytes', 'node_memory_MemAvailable_bytes', 'node_memory_Cached_bytes', 'node_load1', 'node_load5', 'node_load15'):
    m += ['# TYPE %s gauge' % name, '%s %.3f' % (name, r.random() * 1e9)]
for dev in ('eth0', 'lo'):
    for k in ('receive_bytes', 'transmit_bytes', 'receive_packets', 'transmit_packets', 'receive_errs', 'transmit_errs'):
        m.append('node_network_%s_total{device="%s"} %d' % (k, dev, r.randrange(10**9)))
for code in ('200', '301', '401', '404', '500'):
    m.append('nginx_http_requests_total{code="%s"} %d' % (code, r.randrange(10**6)))
open(os.path.join(www, 'metrics'), 'w').write('\n'.join(m) + '\n')
for d in range(1, 16):
    open(os.path.join(ftp, 'reports', 'daily-2026-11-%02d.csv' % d), 'w').write(''.join('%d,%s,%d\n' % (i, r.choice(words), r.randrange(9999)) for i in range(60 + 10 * d)))
PY
timeout 60 head -c 30M /dev/urandom > "$www/files/big-30M.bin"
timeout 60 head -c 10M /dev/urandom > "$www/files/big-10M.bin"
ln "$www/files/big-10M.bin" "$ftp/pub/big-10M.bin"
ln "$www/files/big-30M.bin" "$ftp/pub/big-30M.bin"
htpw="$(timeout 10 openssl passwd -apr1 "$WEB_PW")"
printf 'admin:%s\nalice:%s\nbob:%s\n' "$htpw" "$htpw" "$htpw" > "$tmp/htpasswd"
chmod -R a+rX "$www" "$ftp"; chmod 644 "$tmp/htpasswd"

# The lab's user (ssh and ftp): created here, home under the temp dir, deleted by cleanup.
if getent passwd "$OPS_USER" >/dev/null; then
  if [ "$(getent passwd "$OPS_USER" | cut -d: -f5)" = "$OPS_MARK" ]; then
    timeout 20 usermod -d "$tmp/home/$OPS_USER" "$OPS_USER"; made_user=1   # left by an interrupted run
  else
    echo "make-benign.sh: a user '$OPS_USER' exists and is not this lab's; not touching it" >&2; exit 1
  fi
else
  timeout 20 useradd -M -d "$tmp/home/$OPS_USER" -s /bin/bash -c "$OPS_MARK" "$OPS_USER"; made_user=1
fi
echo "$OPS_USER:$OPS_PW" | timeout 10 chpasswd
chown "$OPS_USER:" "$tmp/home/$OPS_USER"
timeout 20 ssh-keygen -q -t ed25519 -N '' -C "automation@lab" -f "$tmp/ops_key"
cp "$tmp/ops_key.pub" "$tmp/authorized_keys"; chmod 644 "$tmp/authorized_keys"
if [ ! -d /run/sshd ]; then mkdir -p /run/sshd; chmod 755 /run/sshd; made_run_sshd=1; fi

# ---------------------------------------------------------------------------------------------------------
# Services on each server, each with its own config under $tmp/NAME, bound to the server's address.
start_bg() {   # start_bg LOG NS CMD...: run CMD in NS in the background (bounded by timeout), remember it
  local log="$1" ns="$2"; shift 2
  ip netns exec "$ns" timeout 7200 "$@" >"$log" 2>&1 &
  PIDS+=($!)
}
for h in s1:101 s2:102; do
  name="${h%%:*}"; ip4="$NET.${h##*:}"; ns="$(ns_of "$name")"; d="$tmp/$name"
  mkdir -p "$d/body"
  cat > "$d/nginx.conf" <<EOF
user www-data;
worker_processes 1;
daemon off;
pid $d/nginx.pid;
error_log $d/nginx-error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  default_type text/plain;
  access_log $d/nginx-access.log;
  client_body_temp_path $d/body;
  sendfile on;
  keepalive_timeout 65;
  server {
    listen $ip4:80;
    server_name _;
    root $www;
    location = /health { return 200 "ok\n"; }
    location /admin/ { auth_basic "Admin area"; auth_basic_user_file $tmp/htpasswd; }
  }
}
EOF
  start_bg "$d/nginx.out" "$ns" nginx -e "$d/nginx-error.log" -c "$d/nginx.conf"

  timeout 20 ssh-keygen -q -t ed25519 -N '' -f "$d/ssh_host_ed25519_key"
  timeout 20 ssh-keygen -q -t rsa -b 3072 -N '' -f "$d/ssh_host_rsa_key"
  cat > "$d/sshd_config" <<EOF
Port 22
ListenAddress $ip4
HostKey $d/ssh_host_ed25519_key
HostKey $d/ssh_host_rsa_key
PidFile $d/sshd.pid
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile $tmp/authorized_keys
StrictModes no
PermitRootLogin no
AllowUsers $OPS_USER
MaxAuthTries 6
MaxStartups 50:30:100
X11Forwarding no
PrintMotd no
Subsystem sftp internal-sftp
EOF
  start_bg "$d/sshd.log" "$ns" /usr/sbin/sshd -D -e -f "$d/sshd_config"

  cat > "$d/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$ip4
listen_port=21
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=NO
local_root=$ftp
chroot_local_user=NO
pasv_enable=YES
pasv_min_port=40000
pasv_max_port=40999
connect_from_port_20=NO
pam_service_name=vsftpd
secure_chroot_dir=/var/run/vsftpd/empty
xferlog_enable=YES
vsftpd_log_file=$d/vsftpd.log
use_localtime=NO
ftpd_banner=Lab FTP service
seccomp_sandbox=NO
EOF
  start_bg "$d/vsftpd.out" "$ns" vsftpd "$d/vsftpd.conf"

  start_bg "$d/dnsmasq.out" "$ns" dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces \
    --listen-address="$ip4" --port=53 --pid-file="$d/dnsmasq.pid" --log-facility="$d/dnsmasq.log" --log-queries \
    --local=/lab.internal/ --local=/partner.test/ --local=/9.198.10.in-addr.arpa/ \
    --host-record=www.lab.internal,$S1,fd00:198:9::101 --host-record=web1.lab.internal,$S1 \
    --host-record=web2.lab.internal,$S2,fd00:198:9::102 --host-record=ftp.lab.internal,$S1 \
    --host-record=ssh.lab.internal,$S2 --host-record=mail.lab.internal,$S2 --host-record=metrics.lab.internal,$S1 \
    --host-record=ws1.lab.internal,$NET.110 --host-record=lb.lab.internal,$NET.111 \
    --host-record=monitor.lab.internal,$NET.112 --host-record=scraper.lab.internal,$NET.113 \
    --host-record=automation.lab.internal,$NET.114 --host-record=admin.lab.internal,$NET.115 \
    --host-record=www.partner.test,$S2 --address=/cdn.lab.internal/$S2 \
    --cname=intranet.lab.internal,www.lab.internal --cname=git.lab.internal,web2.lab.internal \
    --mx-host=lab.internal,mail.lab.internal,10 --mx-host=partner.test,mail.lab.internal,20 \
    --txt-record=lab.internal,"v=spf1 mx -all"
done
sleep 2

# Client-side helpers. Every command runs inside a lab namespace under `timeout`.
nx() { local ns; ns="$(ns_of "$1")"; local t="$2"; shift 2; ip netns exec "$ns" timeout "$t" "$@"; }
SSH_OPTS=(-F /dev/null -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR -o ConnectTimeout=5)
SSH_KEY=("${SSH_OPTS[@]}" -o BatchMode=yes -o IdentitiesOnly=yes -o PreferredAuthentications=publickey -i "$tmp/ops_key")
SSH_PW=("${SSH_OPTS[@]}" -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1)
BROWSER_UA='Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0'

# Check that every service answers before recording; a kind needing one that does not is skipped.
ok_http=1; ok_ssh=1; ok_ftp=1; ok_dns=1
for s in $SERVERS; do
  for try in 1 2 3 4 5; do
    c="$(nx client1 5 curl -s -o /dev/null -w '%{http_code}' "http://$s/health" || true)"; [ "$c" = 200 ] && break; sleep 1
  done
  [ "$(nx client1 5 curl -s -o /dev/null -w '%{http_code}' -u "admin:$WEB_PW" "http://$s/admin/" || true)" = 200 ] || ok_http=0
  [ "$(nx client1 5 curl -s -o /dev/null -w '%{http_code}' -u "admin:x$WEB_PW" "http://$s/admin/" || true)" = 401 ] || ok_http=0
  [ "$(nx client1 5 curl -s -o /dev/null -w '%{http_code}' "http://$s/metrics" || true)" = 200 ] || ok_http=0
  [ "$c" = 200 ] || ok_http=0
  nx automation 15 ssh "${SSH_KEY[@]}" "$OPS_USER@$s" true || ok_ssh=0
  nx admin 15 sshpass -p "$OPS_PW" ssh "${SSH_PW[@]}" "$OPS_USER@$s" true || ok_ssh=0
  nx automation 15 curl -s -o /dev/null -u "$OPS_USER:$OPS_PW" "ftp://$s/reports/daily-2026-11-01.csv" || ok_ftp=0
  [ "$(nx scraper 5 dig +time=1 +tries=1 +short "@$s" www.lab.internal A || true)" = "$S1" ] || ok_dns=0
done
echo "services: http=$ok_http ssh=$ok_ssh ftp=$ok_ftp dns=$ok_dns"
if [ "$ok_http" != 1 ]; then echo "make-benign.sh: nginx does not answer; nothing to record" >&2; exit 1; fi

# ---------------------------------------------------------------------------------------------------------
# Jobs: each runs in the background for DUR seconds (a deadline and a bounded count), from one host.
sleep_rand() {   # sleep_rand LO HI: sleep a random time in [LO, HI] seconds (integers)
  local ms=$(( $1 * 1000 + RANDOM % (($2 - $1) * 1000 + 1) ))
  sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
}
other() { if [ "$1" = "$S1" ]; then echo "$S2"; else echo "$S1"; fi; }

# A page and its 3 assets on one keep-alive connection (curl, browser UA), every LO..HI s, alternating servers.
job_browse() {
  local host="$1" dur="$2" lo="$3" hi="$4" end=$((SECONDS + $2)) k s=$S1 p
  for ((k = 0; k < dur / lo + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    p=$((RANDOM % 20))
    nx "$host" 10 curl -s -A "$BROWSER_UA" -o /dev/null -o /dev/null -o /dev/null -o /dev/null --max-time 8 \
      "http://$s/page$p.html" "http://$s/static/style.css" "http://$s/static/app.js" "http://$s/static/logo.png" || true
    s="$(other "$s")"
    sleep_rand "$lo" "$hi"
  done
}
# A load balancer's health checks every PERIOD s: TCP connect to 80, 22, 21, 53 of both servers (nc -z -w 1).
job_health_tcp() {
  local host="$1" dur="$2" period="$3" end=$((SECONDS + $2)) k s p
  for ((k = 0; k < dur / period + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    ( for s in $SERVERS; do for p in 80 22 21 53; do nx "$host" 3 nc -z -w 1 "$s" "$p" || true; done; done ) &
    sleep "$period"
  done
  wait
}
# ... and GET /health on a new connection to each server every PERIOD s.
job_health_http() {
  local host="$1" dur="$2" period="$3" end=$((SECONDS + $2)) k s
  for ((k = 0; k < dur / period + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    for s in $SERVERS; do nx "$host" 3 curl -s -o /dev/null --max-time 2 -A 'lb-healthcheck/1.0' "http://$s/health" || true; done
    sleep "$period"
  done
}
# A scraper: GET /metrics from each server, one new connection per scrape, every LO..HI s.
job_scrape() {
  local host="$1" dur="$2" lo="$3" hi="$4" ua="$5" end=$((SECONDS + $2)) k s
  for ((k = 0; k < dur / lo + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    for s in $SERVERS; do nx "$host" 5 curl -s -o /dev/null --max-time 4 -A "$ua" "http://$s/metrics" || true; done
    sleep_rand "$lo" "$hi"
  done
}
# A keep-alive scraper (Prometheus-like): one persistent connection per server, GET /metrics every PERIOD s.
job_scrape_keepalive() {
  local host="$1" dur="$2" period="$3"
  nx "$host" $((dur + 10)) python3 - "$S1,$S2" "$period" $((dur / period)) <<'PY' || true
import http.client, sys, time
hosts, period, n = sys.argv[1].split(','), float(sys.argv[2]), int(sys.argv[3])
conn = {h: http.client.HTTPConnection(h, 80, timeout=3) for h in hosts}
for i in range(n):
    t = time.time()
    for h in hosts:
        try:
            conn[h].request('GET', '/metrics', headers={'User-Agent': 'Prometheus/2.45.0', 'Accept': 'text/plain;version=0.0.4'})
            conn[h].getresponse().read()
        except Exception:
            conn[h].close(); conn[h] = http.client.HTTPConnection(h, 80, timeout=3)
    time.sleep(max(0.0, period - (time.time() - t)))
for c in conn.values(): c.close()
PY
}
# A monitor's ping round every PERIOD s: each host of the lab but itself, `ping -c 1 -W 1`, one after another.
job_ping_rounds() {
  local host="$1" dur="$2" period="$3" me="$4" end=$((SECONDS + $2)) k ip4
  for ((k = 0; k < dur / period + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    ( for ip4 in $ALL_IPS; do [ "$ip4" = "$me" ] || nx "$host" 3 ping -n -q -c 1 -W 1 "$ip4" >/dev/null || true; done ) &
    sleep "$period"
  done
  wait
}
job_ping_continuous() { nx "$1" $(($2 + 5)) ping -n -q -i 1 -c "$2" "$3" >/dev/null || true; }
# Ansible-like: every PERIOD s, N key-auth ssh sessions back to back to each server (both servers at once).
job_ssh_bursts() {
  local host="$1" dur="$2" period="$3" n="$4" end=$((SECONDS + $2)) k j s
  for ((k = 0; k < dur / period + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    for s in $SERVERS; do
      ( for ((j = 0; j < n; j++)); do nx "$host" 15 ssh "${SSH_KEY[@]}" "$OPS_USER@$s" 'uptime; df -h' >/dev/null 2>&1 || true; done ) &
    done
    sleep "$period"
  done
  wait
}
# A human: COUNT password logins spread over DUR s, each first with a typo (sshpass, wrong password: fails),
# then 3-6 s later with the right one, a few commands.
job_ssh_human() {
  local host="$1" dur="$2" count="$3" k s=$S1
  for ((k = 0; k < count; k++)); do
    sleep_rand 3 $((dur / count - 8))
    nx "$host" 15 sshpass -p "$OPS_TYPO" ssh "${SSH_PW[@]}" "$OPS_USER@$s" 'uptime' >/dev/null 2>&1 || true
    sleep_rand 3 6
    nx "$host" 20 sshpass -p "$OPS_PW" ssh "${SSH_PW[@]}" "$OPS_USER@$s" 'uptime; w; ls -la; df -h; sleep 2' >/dev/null 2>&1 || true
    s="$(other "$s")"
  done
}
# An automated FTP job every PERIOD s, alternating servers: log in, list reports/, download 2-3 files (curl,
# passive, one control connection for all).
job_ftp_sync() {
  local host="$1" dur="$2" period="$3" end=$((SECONDS + $2)) k s=$S1 a b c
  for ((k = 0; k < dur / period + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    a=$((RANDOM % 15 + 1)); b=$((RANDOM % 15 + 1)); c=$((RANDOM % 15 + 1))
    local urls=(-o /dev/null "ftp://$s/reports/" -o /dev/null "ftp://$s/reports/daily-2026-11-$(printf %02d $a).csv"
                -o /dev/null "ftp://$s/reports/daily-2026-11-$(printf %02d $b).csv")
    [ $((k % 2)) = 0 ] && urls+=(-o /dev/null "ftp://$s/reports/daily-2026-11-$(printf %02d $c).csv")
    nx "$host" 15 curl -s --max-time 12 --ftp-pasv -u "$OPS_USER:$OPS_PW" "${urls[@]}" || true
    s="$(other "$s")"
    sleep "$period"
  done
}
# Someone's FTP client with a stale password now and then: a wrong login (530), 2-4 s later the right one.
job_ftp_typo() {
  local host="$1" dur="$2" period="$3" end=$((SECONDS + $2)) k s=$S2
  sleep_rand 2 6
  for ((k = 0; k < dur / period + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    nx "$host" 10 curl -s --max-time 8 --ftp-pasv -u "$OPS_USER:$OPS_TYPO" -o /dev/null "ftp://$s/reports/" || true
    sleep_rand 2 4
    nx "$host" 10 curl -s --max-time 8 --ftp-pasv -u "$OPS_USER:$OPS_PW" -o /dev/null "ftp://$s/reports/" || true
    s="$(other "$s")"
    sleep_rand $((period - 3)) $((period + 3))
  done
}
# An admin logs in to /admin/ every LO..HI s (basic auth; about one in five first with a wrong password:
# 401, 2-4 s later 200), then the admin pages and assets on that keep-alive connection.
job_admin() {
  local host="$1" dur="$2" lo="$3" hi="$4" user="$5" end=$((SECONDS + $2)) k s=$S1
  for ((k = 0; k < dur / lo + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    if [ $((RANDOM % 5)) = 0 ]; then
      nx "$host" 6 curl -s -A "$BROWSER_UA" -o /dev/null --max-time 5 -u "$user:${WEB_PW}x" "http://$s/admin/" || true
      sleep_rand 2 4
    fi
    nx "$host" 10 curl -s -A "$BROWSER_UA" --max-time 8 -u "$user:$WEB_PW" -o /dev/null -o /dev/null -o /dev/null -o /dev/null \
      "http://$s/admin/" "http://$s/admin/status.html" "http://$s/static/style.css" "http://$s/static/app.js" || true
    s="$(other "$s")"
    sleep_rand "$lo" "$hi"
  done
}
# Bursts of LO_N..HI_N DNS lookups (dig, one after another: A, AAAA, MX, TXT, PTR; about 1 in 6 a name that
# does not exist: NXDOMAIN) to SERVER every LO..HI s, as a crawler or a mail server resolves.
job_dns() {
  local host="$1" dur="$2" lo="$3" hi="$4" nlo="$5" nhi="$6" srv="$7" end=$((SECONDS + $2)) k j n r f
  local names=(www web1 web2 ftp ssh mail metrics intranet git ws1 lb monitor scraper automation admin img.cdn static.cdn)
  f="$tmp/dns-$host.txt"
  for ((k = 0; k < dur / lo + 1; k++)); do
    [ "$SECONDS" -lt "$end" ] || break
    n=$((nlo + RANDOM % (nhi - nlo + 1)))
    : > "$f"
    for ((j = 0; j < n; j++)); do
      r=$((RANDOM % 12))
      case $r in
        0|1|2|3) echo "${names[RANDOM % ${#names[@]}]}.lab.internal A" ;;
        4|5) echo "${names[RANDOM % ${#names[@]}]}.lab.internal AAAA" ;;
        6) echo "lab.internal MX" ;;
        7) echo "partner.test MX" ;;
        8) echo "lab.internal TXT" ;;
        9) echo "-x $NET.$((100 + RANDOM % 20))" ;;
        *) echo "host$((RANDOM % 900 + 100)).$( [ $((RANDOM % 2)) = 0 ] && echo lab.internal || echo partner.test) A" ;;
      esac >> "$f"
    done
    nx "$host" 60 dig "@$srv" +time=1 +tries=1 +noall +answer -f "$f" >/dev/null || true
    sleep_rand "$lo" "$hi"
  done
}
# One bulk download after DELAY s: curl, rate-limited.
job_get() { sleep "$2"; nx "$1" 60 curl -s -o /dev/null --max-time 55 --limit-rate "${5:-5M}" ${4:+-u "$4"} "$3" || true; }

# ---------------------------------------------------------------------------------------------------------
# The kinds. Each function starts its jobs in the background (job PIDs into JOBS) for $1 seconds.
kind_healthchecks() {
  job_health_tcp lb "$1" 2 & JOBS+=($!)
  job_health_http lb "$1" 2 & JOBS+=($!)
}
kind_metrics_scrape() {
  job_scrape scraper "$1" 2 5 'curl/7.88.1' & JOBS+=($!)
  job_scrape automation "$1" 2 5 'Telegraf/1.28.3 Go-http-client/1.1' & JOBS+=($!)
  job_scrape_keepalive monitor "$1" 3 & JOBS+=($!)
}
kind_ping_monitor() {
  job_ping_rounds monitor "$1" 2 "$NET.112" & JOBS+=($!)
  job_ping_continuous monitor "$1" "$S1" & JOBS+=($!)
}
kind_ssh_automation() {
  job_ssh_bursts automation "$1" 15 8 & JOBS+=($!)
  job_ssh_human admin "$1" 2 & JOBS+=($!)
}
kind_ftp_sync() {
  job_ftp_sync automation "$1" 5 & JOBS+=($!)
  job_ftp_typo admin "$1" 20 & JOBS+=($!)
}
kind_web_logins() {
  job_admin admin "$1" 8 12 admin & JOBS+=($!)
  job_admin scraper "$1" 8 12 alice & JOBS+=($!)
  job_admin automation "$1" 8 12 bob & JOBS+=($!)
  job_browse monitor "$1" 2 4 & JOBS+=($!)
}
kind_dns_burst() {
  job_dns scraper "$1" 3 6 20 50 "$S2" & JOBS+=($!)     # a mail server
  job_dns admin "$1" 3 6 20 50 "$S1" & JOBS+=($!)       # a crawler
}
kind_bulk_transfer() {
  job_browse monitor "$1" 2 4 & JOBS+=($!)
  job_get admin 5 "http://$S1/files/big-30M.bin" & JOBS+=($!)
  if [ "$ok_ftp" = 1 ]; then
    job_get scraper 30 "ftp://$S2/pub/big-10M.bin" "$OPS_USER:$OPS_PW" & JOBS+=($!)
  else
    job_get scraper 30 "http://$S2/files/big-10M.bin" & JOBS+=($!)
  fi
  job_get lb 50 "http://$S2/files/big-10M.bin" & JOBS+=($!)
}
kind_mixed_office() {
  job_browse admin "$1" 3 6 & JOBS+=($!)
  job_browse scraper "$1" 3 6 & JOBS+=($!)
  job_health_tcp lb "$1" 6 & JOBS+=($!)
  job_health_http lb "$1" 6 & JOBS+=($!)
  job_scrape scraper "$1" 8 12 'curl/7.88.1' & JOBS+=($!)
  job_scrape_keepalive monitor "$1" 10 & JOBS+=($!)
  job_ping_rounds monitor "$1" 10 "$NET.112" & JOBS+=($!)
  [ "$ok_ssh" = 1 ] && { job_ssh_bursts automation "$1" 30 4 & JOBS+=($!); }
  [ "$ok_ssh" = 1 ] && { job_ssh_human admin "$1" 1 & JOBS+=($!); }
  [ "$ok_ftp" = 1 ] && { job_ftp_sync automation "$1" 15 & JOBS+=($!); }
  job_admin admin "$1" 12 20 admin & JOBS+=($!)
  [ "$ok_dns" = 1 ] && { job_dns scraper "$1" 8 12 8 20 "$S2" & JOBS+=($!); }
  job_get admin 40 "http://$S1/files/big-10M.bin" & JOBS+=($!)
}
kind_loaded_host() {
  local b
  for b in 1 2 3 4; do timeout $(($1 + 15)) sh -c 'while :; do :; done' & PIDS+=($!); BUSY+=($!); done
  job_scrape scraper "$1" 2 5 'curl/7.88.1' & JOBS+=($!)
  job_scrape_keepalive monitor "$1" 3 & JOBS+=($!)
  job_ssh_bursts automation "$1" 15 8 & JOBS+=($!)
}

# ---------------------------------------------------------------------------------------------------------
fields=$(zcat "$repo/public/samples/lab-a/packets.csv.gz" | head -1 | tr -d '\r' | sed 's/,alert,attack$//' || true)
targs=()
IFS=, read -ra names <<< "$fields"
for f in "${names[@]}"; do targs+=(-e "$f"); done

# record NAME SECONDS SERVICES LOOKS_LIKE WHAT: capture on br0 while client1 browses lightly (a page and 3
# assets on keep-alive every 2-4 s) and the kind's jobs run; then export, label (all benign) and gzip.
record() {
  local name="$1" dur="$2" needs="$3" looks="$4" what="$5" svc
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return 0; fi
  for svc in $needs; do
    if [ "$(eval echo "\$ok_$svc")" != 1 ]; then echo "$name: skipped ($svc does not answer)"; return 0; fi
  done
  local pcap="$tmp/$name.pcapng" cap
  ip netns exec "$NS_BR" timeout $((dur + 90)) dumpcap -q -i br0 -w "$pcap" 2>"$tmp/$name.dumpcap" &
  cap=$!; PIDS+=($cap)
  sleep 2
  JOBS=(); BUSY=()
  job_browse client1 "$dur" 2 4 & JOBS+=($!)
  "kind_${name//-/_}" "$dur"
  wait "${JOBS[@]}" 2>/dev/null || true
  if [ ${#BUSY[@]} -gt 0 ]; then kill "${BUSY[@]}" 2>/dev/null || true; wait "${BUSY[@]}" 2>/dev/null || true; fi
  sleep 1
  kill -INT "$cap" 2>/dev/null || true
  wait "$cap" 2>/dev/null || true
  TZ=America/New_York timeout 300 tshark -r "$pcap" -T fields -E header=y -E separator=, -E quote=d -E occurrence=f "${targs[@]}" > "$tmp/$name.csv" 2>"$tmp/$name.tshark"
  python3 - "$tmp/$name.csv" "$out/$name.csv" "$out/$name.episodes.json" "$name" "$looks" "$what" <<'PY'
import csv, json, sys
src, dst, eps, name, looks, what = sys.argv[1:7]
frames, t0, t1, proto = 0, None, None, {'tcp': 0, 'udp': 0, 'icmp': 0, 'arp': 0, 'other': 0}
with open(src, newline='') as f, open(dst, 'w', newline='') as o:
    lines = f.read().split('\n')
    head = lines[0].split(',')
    it, ip = head.index('frame.time_epoch'), head.index('frame.protocols')
    o.write(lines[0] + ',alert,attack\n')
    for line in lines[1:]:
        if not line:
            continue
        v = next(csv.reader([line]))
        t = float(v[it])
        t0 = t if t0 is None else t0
        t1 = t
        p = v[ip].split(':')
        k = next((x for x in ('tcp', 'udp', 'icmp', 'arp') if x in p), 'other')
        proto[k] += 1
        frames += 1
        o.write(line + ',"benign","benign"\n')
secs = round(t1 - t0, 1) if frames else 0.0
json.dump({'name': name, 'kind': name, 'seconds': secs, 'what': what, 'looks_like': looks, 'frames': frames,
           'attack_frames': 0, 'episodes': []}, open(eps, 'w'), indent=1)
print('%s: %d frames, %.1f s, %s' % (name, frames, secs, ' '.join('%s=%d' % kv for kv in proto.items())))
PY
  gzip -n -9 -f "$out/$name.csv"
  local size; size=$(stat -c %s "$out/$name.csv.gz")
  echo "$name: $(grep -o "dropped on interface.*" "$tmp/$name.dumpcap" 2>/dev/null || true) $size bytes"
  [ "$size" -le 1572864 ] || echo "$name: WARNING: $out/$name.csv.gz is over 1.5 MB"
}

record healthchecks "$DUR" "http ssh ftp dns" 'nmap connect scan (many short TCP connections to 4 ports, RSTs)' \
  "A load balancer (10.198.9.111) TCP-connects (nc -z -w 1) to ports 80, 22, 21 and 53 of both servers every 2 s and GETs /health from each on a new connection every 2 s; client1 browses."
record metrics-scrape "$DUR" "http" 'hydra http-get / brute force (short repeated requests to one URL)' \
  "Two scrapers (10.198.9.113 curl, 10.198.9.114 Telegraf UA) GET /metrics from both servers on a new connection every 2-5 s; a Prometheus-like scraper (10.198.9.112) every 3 s on one keep-alive connection per server; client1 browses."
record ping-monitor "$DUR" "" 'ping sweep (echo requests to every host of the subnet)' \
  "A monitor (10.198.9.112) pings the 7 other lab hosts one after another (ping -c 1 -W 1) in a round every 2 s, and pings 10.198.9.101 continuously (ping -i 1); client1 browses."
record ssh-automation "$DUR" "ssh" 'hydra ssh (bursts of short ssh connections, failed logins)' \
  "An automation host (10.198.9.114) runs 8 key-auth ssh sessions (uptime; df -h) back to back to each server every 15 s, like Ansible; an admin (10.198.9.115) twice logs in by password after a typo (sshpass, first wrong then right); client1 browses."
record ftp-sync "$DUR" "ftp" 'hydra ftp (repeated FTP logins, 530s)' \
  "An automated job (10.198.9.114) logs in to FTP every 5 s (alternating servers, passive), lists reports/ and downloads 2-3 small files on one control connection (curl); an admin host (10.198.9.115) every ~20 s logs in with a wrong password (530) then the right one; client1 browses."
record web-logins "$DUR" "http" 'hydra http-basic (/admin/ requests, 401s)' \
  "Three admins (10.198.9.113/.114/.115) log in to /admin/ with basic auth every 8-12 s each (about one in five first with a wrong password: 401, then 200), fetching admin pages and assets; 10.198.9.112 and client1 browse."
record dns-burst "$DUR" "dns" 'UDP flood / DNS flood at port 53 (bursts of queries)' \
  "A mail server (10.198.9.113, to 10.198.9.102) and a crawler (10.198.9.115, to 10.198.9.101) each send a burst of 20-50 dig lookups (A, AAAA, MX, TXT, PTR; ~1 in 6 NXDOMAIN) every 3-6 s; client1 browses."
record bulk-transfer "$DUR" "http" 'SYN/TCP flood (thousands of frames a second between one host pair)' \
  "Downloads rate-limited with curl --limit-rate 5M: the 30 MB file over HTTP (10.198.9.115 from .101, 5 s in), a 10 MB file over FTP passive (10.198.9.113 from .102, 30 s in) and a 10 MB file over HTTP (10.198.9.111 from .102, 50 s in); 10.198.9.112 and client1 browse."
record mixed-office $((DUR + 15)) "http" 'several attacks at once' \
  "All of the above at lower rates at once: browsing from 3 clients, health checks every 6 s, scrapes every 8-12 s (and keep-alive every 10 s), ping rounds every 10 s, 4 ssh sessions per server every 30 s and one human login after a typo, an FTP job every 15 s, admin logins every 12-20 s, DNS bursts of 8-20 every 8-12 s, one 10 MB download."
record loaded-host "$DUR" "http ssh" 'hydra http-get / hydra ssh (as metrics-scrape and ssh-automation)' \
  "Browsing, metrics scraping (as metrics-scrape) and ssh automation (as ssh-automation) while 4 busy loops (sh -c 'while :; do :; done') load the machine's CPUs, so answers come in milliseconds."
ls -l "$out"/*.csv.gz
