#!/usr/bin/env python3
"""The Linux side of the tagged tap lab where the kernel has no 802.1Q driver (no
`ip link add ... type vlan`): a VLAN sub-interface played on a raw packet socket.

    tap-lab-vlan-peer.py IFACE VLAN IP/LEN COUNT TARGET...

On IFACE it answers ARP requests for IP in VLAN and pings each TARGET COUNT times with
802.1Q-tagged frames, as `ip link add link IFACE name IFACE.VLAN type vlan id VLAN` with IP
would. The kernel strips the tag of a received frame into the packet's metadata
(PACKET_AUXDATA); only frames of VLAN count. Prints ping-like lines; exits 0 when every
target answered every request, 1 otherwise.
"""
import os
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_8021Q = 0x8100
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def main():
    iface, vlan, ipprefix, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    targets = sys.argv[5:]
    my_ip = socket.inet_aton(ipprefix.split("/")[0])
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind((iface, 0))
    sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    my_mac = sock.getsockname()[4]
    tag = struct.pack("!HH", ETH_P_8021Q, vlan & 0x0FFF)
    ident = os.getpid() & 0xFFFF
    neighbours = {}
    answered = {t: 0 for t in targets}
    sent_at = {}

    def send(dst_mac, ethertype, payload):
        sock.send(dst_mac + my_mac + tag + struct.pack("!H", ethertype) + payload)

    def arp(op, dst_mac, target_mac, target_ip):
        body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + my_mac + my_ip + target_mac + target_ip
        send(dst_mac, 0x0806, body)

    def echo(target, seq):
        icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"vswitch tap lab".ljust(48, b".")
        icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0x4000, 64, 1, 0,
                         my_ip, socket.inet_aton(target))
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        send(neighbours[target], 0x0800, ip + icmp)
        sent_at[(target, seq)] = time.monotonic()

    def receive(deadline):
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            sock.settimeout(left)
            try:
                data, anc, _, addr = sock.recvmsg(65535, socket.CMSG_SPACE(32))
            except socket.timeout:
                return
            if addr[2] == socket.PACKET_OUTGOING or len(data) < 14:
                continue
            vid = None
            for level, kind, cdata in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA and len(cdata) >= 20:
                    status, _, _, _, _, tci = struct.unpack("IIIHHH", cdata[:18])
                    if status & TP_STATUS_VLAN_VALID:
                        vid = tci & 0x0FFF
            ethertype = struct.unpack("!H", data[12:14])[0]
            payload = data[14:]
            if ethertype == ETH_P_8021Q:  # a tag the kernel left in place
                vid = struct.unpack("!H", payload[:2])[0] & 0x0FFF
                ethertype = struct.unpack("!H", payload[2:4])[0]
                payload = payload[4:]
            if vid != vlan:
                continue
            if ethertype == 0x0806 and len(payload) >= 28:
                op = struct.unpack("!H", payload[6:8])[0]
                sha, spa, tpa = payload[8:14], payload[14:18], payload[24:28]
                neighbours[socket.inet_ntoa(spa)] = sha
                if op == 1 and tpa == my_ip:
                    arp(2, sha, sha, spa)
            elif ethertype == 0x0800 and len(payload) >= 28:
                src = socket.inet_ntoa(payload[12:16])
                ihl = (payload[0] & 0x0F) * 4
                icmp = payload[ihl:]
                if payload[9] == 1 and len(icmp) >= 8 and icmp[0] == 0:
                    rid, seq = struct.unpack("!HH", icmp[4:8])
                    if rid == ident and (src, seq) in sent_at:
                        rtt = (time.monotonic() - sent_at.pop((src, seq))) * 1000
                        answered[src] += 1
                        print(f"{len(icmp)} bytes from {src} (VLAN {vlan}): icmp_seq={seq} "
                              f"time={rtt:.2f} ms", flush=True)

    for target in targets:
        print(f"PING {target} from {ipprefix} on {iface} VLAN {vlan} (raw socket)", flush=True)
        for _ in range(20):
            if target in neighbours:
                break
            arp(1, b"\xff" * 6, b"\0" * 6, socket.inet_aton(target))
            receive(time.monotonic() + 0.2)
        if target not in neighbours:
            print(f"{target}: no ARP reply in VLAN {vlan}", flush=True)
            continue
        for seq in range(1, count + 1):
            echo(target, seq)
            receive(time.monotonic() + 0.2)
        receive(time.monotonic() + 1.0)
        print(f"{target}: {count} transmitted, {answered[target]} received", flush=True)
    return 0 if all(answered[t] == count for t in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
