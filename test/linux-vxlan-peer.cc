/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "linux-vxlan-peer.h"

#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <memory>
#include <mutex>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace vswitchtest
{

namespace
{

/// Every namespace made here is named `<prefix><pid>-<n>`, so stale ones can be recognised.
const std::string kNamespacePrefix = "vswitch-vxlan-";
/// Where `ip netns` keeps its namespaces.
const std::filesystem::path kNetnsDir = "/var/run/netns";

/**
 * Run a shell command.
 * \param cmd the command (for /bin/sh)
 * \param output set to what it wrote on stdout and stderr
 * \return its exit status (-1 when it could not be run)
 */
int
Run(const std::string& cmd, std::string* output)
{
    output->clear();
    // Grouped so that a here-document in cmd keeps its terminator line.
    FILE* pipe = popen(("{ " + cmd + "\n} 2>&1").c_str(), "r");
    if (!pipe)
    {
        *output = "cannot run: " + cmd;
        return -1;
    }
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
    {
        output->append(buf.data(), n);
    }
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// s without trailing newlines.
std::string
Chomp(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    {
        s.pop_back();
    }
    return s;
}

/// Delete the namespaces of test processes that died before cleaning up.
void
RemoveStaleNamespaces()
{
    std::error_code ec;
    if (!std::filesystem::is_directory(kNetnsDir, ec))
    {
        return;
    }
    for (const auto& entry : std::filesystem::directory_iterator(kNetnsDir, ec))
    {
        std::string name = entry.path().filename().string();
        if (name.rfind(kNamespacePrefix, 0) != 0)
        {
            continue;
        }
        pid_t pid = std::atoi(name.c_str() + kNamespacePrefix.size());
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH)
        {
            std::string out;
            Run("ip netns del " + name, &out);
        }
    }
}

/// A file descriptor, closed when it goes.
class Fd
{
  public:
    Fd() = default;

    explicit Fd(int fd)
        : m_fd(fd)
    {
    }

    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    Fd(Fd&& other) noexcept
        : m_fd(other.m_fd)
    {
        other.m_fd = -1;
    }

    Fd& operator=(Fd&& other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }

    ~Fd()
    {
        if (m_fd >= 0)
        {
            close(m_fd);
        }
    }

    int Get() const
    {
        return m_fd;
    }

  private:
    int m_fd{-1};
};

/**
 * A network namespace of our own, made by `ip netns add` and deleted by `ip netns del` when
 * the object goes, whatever happened in between.
 */
class Namespace
{
  public:
    Namespace()
    {
        static std::atomic<unsigned> counter{0};
        static std::once_flag staleOnce;
        std::call_once(staleOnce, RemoveStaleNamespaces);
        m_name = kNamespacePrefix + std::to_string(getpid()) + "-" + std::to_string(counter++);
        std::string out;
        if (Run("ip netns add " + m_name, &out) != 0)
        {
            m_error = "ip netns add " + m_name + ": " + Chomp(out);
            return;
        }
        m_created = true;
        // Nothing but the experiment's packet should leave the devices: no IPv6 (link-local
        // addresses, router solicitations, MLD reports). Set before any device exists.
        std::string error;
        Enter(
            [] {
                for (const char* conf : {"all", "default"})
                {
                    std::string path =
                        std::string("/proc/sys/net/ipv6/conf/") + conf + "/disable_ipv6";
                    if (FILE* f = std::fopen(path.c_str(), "w"))
                    {
                        std::fputs("1\n", f);
                        std::fclose(f);
                    }
                }
                return std::string();
            },
            &error);
        if (!error.empty())
        {
            m_error = error;
        }
    }

    Namespace(const Namespace&) = delete;
    Namespace& operator=(const Namespace&) = delete;

    ~Namespace()
    {
        if (m_created)
        {
            std::string out;
            Run("ip netns del " + m_name, &out);
        }
    }

    /// \return why the namespace is not usable ("" when it is)
    const std::string& Error() const
    {
        return m_error;
    }

    /// \return its name
    const std::string& Name() const
    {
        return m_name;
    }

    /**
     * Run iproute2 commands in the namespace, one `ip` process for all of them.
     * \param commands lines as for `ip -batch`
     * \param error set to ip's complaint when one failed
     * \return whether all succeeded
     */
    bool Ip(const std::string& commands, std::string* error) const
    {
        std::string out;
        int rc = Run("ip -n " + m_name + " -batch - <<'VSWITCH_EOF'\n" + commands + "VSWITCH_EOF\n",
                     &out);
        if (rc != 0)
        {
            *error = "ip -n " + m_name + " -batch: " + Chomp(out);
            return false;
        }
        return true;
    }

    /**
     * Run f on a thread that has joined the namespace; this thread stays where it is. Sockets
     * f opens belong to the namespace for good, wherever they are used afterwards.
     * \param f returns "" on success or what went wrong
     * \param error set to what went wrong
     * \return whether f ran and succeeded
     */
    bool Enter(const std::function<std::string()>& f, std::string* error) const
    {
        std::string result;
        std::thread t([&] {
            Fd ns(open((kNetnsDir / m_name).c_str(), O_RDONLY | O_CLOEXEC));
            if (ns.Get() < 0)
            {
                result = "open " + (kNetnsDir / m_name).string() + ": " + std::strerror(errno);
                return;
            }
            if (setns(ns.Get(), CLONE_NEWNET) != 0)
            {
                result = "setns " + m_name + ": " + std::strerror(errno);
                return;
            }
            result = f();
        });
        t.join();
        if (!result.empty())
        {
            *error = result;
            return false;
        }
        return true;
    }

    /**
     * An AF_PACKET socket of the namespace bound to one of its devices.
     * \param device device name
     * \param receive whether to receive every frame of the device (else: send only)
     * \param error set to what went wrong
     * \return the socket (invalid on failure)
     */
    Fd PacketSocket(const std::string& device, bool receive, std::string* error) const
    {
        Fd fd;
        Enter(
            [&] {
                // Protocol 0 until bound, so that no frame of another device is queued.
                Fd s(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
                if (s.Get() < 0)
                {
                    return std::string("socket(AF_PACKET): ") + std::strerror(errno);
                }
                unsigned index = if_nametoindex(device.c_str());
                if (index == 0)
                {
                    return "no device " + device + " in " + m_name;
                }
                sockaddr_ll sll{};
                sll.sll_family = AF_PACKET;
                sll.sll_protocol = receive ? htons(ETH_P_ALL) : 0;
                sll.sll_ifindex = static_cast<int>(index);
                if (bind(s.Get(), reinterpret_cast<sockaddr*>(&sll), sizeof(sll)) != 0)
                {
                    return "bind to " + device + ": " + std::strerror(errno);
                }
                fd = std::move(s);
                return std::string();
            },
            error);
        return fd;
    }

  private:
    std::string m_name;
    std::string m_error;
    bool m_created{false};
};

/// The text of an address.
template <typename T>
std::string
Text(const T& address)
{
    std::ostringstream os;
    os << address;
    return os.str();
}

/**
 * Build the VTEP of LinuxEncap's description in the namespace and wait until every device is
 * up and both bridge ports forward.
 */
bool
BuildVtep(const Namespace& ns, const LinuxVxlanTunnel& t, std::string* error)
{
    std::ostringstream cmds;
    cmds << "link add ul0 address " << Text(t.localMac) << " mtu 1600 type veth peer name ul1"
         << " address " << Text(t.remoteMac) << " mtu 1600\n"
         << "addr add " << Text(t.localIp) << "/" << unsigned(t.prefixLength)
         << " dev ul0\n"
         // Our spec, not Linux's defaults: DF, TTL 64, no UDP checksum, the IANA port given
         // explicitly, static forwarding (the remote is the default destination).
         << "link add vx0 mtu 1500 type vxlan id " << t.vni << " local " << Text(t.localIp)
         << " remote " << Text(t.remoteIp) << " dstport " << t.dstPort
         << " dev ul0 ttl 64 df set noudpcsum nolearning\n"
         << "link add br0 type bridge stp_state 0 mcast_snooping 0\n"
         << "link add in0 type veth peer name in1\n"
         << "link set in1 master br0\n"
         << "link set vx0 master br0\n";
    for (const char* dev : {"ul0", "ul1", "vx0", "br0", "in0", "in1"})
    {
        cmds << "link set " << dev << " up\n";
    }
    cmds << "neigh add " << Text(t.remoteIp) << " lladdr " << Text(t.remoteMac)
         << " dev ul0 nud permanent\n";
    if (!ns.Ip(cmds.str(), error))
    {
        return false;
    }

    // Carrier and bridge port state are set asynchronously (link watch); wait for them.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    std::string links;
    std::string ports;
    while (true)
    {
        Run("ip -n " + ns.Name() + " -o link show", &links);
        Run("bridge -n " + ns.Name() + " link show", &ports);
        size_t up = 0;
        for (const char* dev : {"ul0@", "ul1@", "in0@", "in1@"})
        {
            size_t at = links.find(std::string(": ") + dev);
            size_t eol = links.find('\n', at);
            std::string line = at == std::string::npos ? "" : links.substr(at, eol - at);
            up += (line.find("LOWER_UP") != std::string::npos &&
                   line.find("state UP") != std::string::npos)
                      ? 1
                      : 0;
        }
        size_t forwarding = 0;
        for (size_t at = ports.find("state forwarding"); at != std::string::npos;
             at = ports.find("state forwarding", at + 1))
        {
            ++forwarding;
        }
        if (up == 4 && forwarding == 2)
        {
            return true;
        }
        if (std::chrono::steady_clock::now() > deadline)
        {
            *error = "devices in " + ns.Name() + " not ready after 2 s:\n" + links + ports;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

/**
 * Write one frame to a packet socket, then read frames from another until accept takes one
 * or the time is up. Frames the capture socket's own device sends are skipped.
 */
LinuxPeerResult
Exchange(const Fd& sender,
         const std::vector<uint8_t>& frame,
         const Fd& capture,
         uint32_t timeoutMs,
         const std::function<bool(const std::vector<uint8_t>&)>& accept)
{
    LinuxPeerResult result;
    ssize_t sent = send(sender.Get(), frame.data(), frame.size(), 0);
    if (sent != static_cast<ssize_t>(frame.size()))
    {
        result.error = std::string("send: ") + (sent < 0 ? std::strerror(errno) : "short write");
        return result;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    std::vector<uint8_t> buf(65536);
    while (true)
    {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0)
        {
            return result; // nothing came out
        }
        pollfd p{capture.Get(), POLLIN, 0};
        int ready = poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno != EINTR)
        {
            result.error = std::string("poll: ") + std::strerror(errno);
            return result;
        }
        if (ready <= 0)
        {
            continue;
        }
        sockaddr_ll from{};
        socklen_t fromLen = sizeof(from);
        ssize_t n = recvfrom(capture.Get(),
                             buf.data(),
                             buf.size(),
                             MSG_TRUNC,
                             reinterpret_cast<sockaddr*>(&from),
                             &fromLen);
        if (n < 0)
        {
            result.error = std::string("recvfrom: ") + std::strerror(errno);
            return result;
        }
        if (from.sll_pkttype == PACKET_OUTGOING || static_cast<size_t>(n) > buf.size())
        {
            continue;
        }
        std::vector<uint8_t> got(buf.begin(), buf.begin() + n);
        if (accept(got))
        {
            result.frame = std::move(got);
            return result;
        }
    }
}

/// Whether a frame is untagged IPv4/UDP to a port (the outer packet of a VXLAN frame).
bool
IsUdpTo(const std::vector<uint8_t>& f, uint16_t port)
{
    if (f.size() < 14 + 20 + 8 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4 ||
        f[23] != 17)
    {
        return false;
    }
    size_t udp = 14 + (f[14] & 0x0f) * 4u;
    return f.size() >= udp + 8 && ((f[udp + 2] << 8) | f[udp + 3]) == port;
}

} // namespace

bool
LinuxPeerAvailable(std::string* why)
{
    static std::once_flag once;
    static bool available = false;
    static std::string reason;
    std::call_once(once, [] {
        std::string out;
        if (geteuid() != 0)
        {
            reason = "not root: namespaces, devices and packet sockets need CAP_NET_ADMIN and "
                     "CAP_NET_RAW";
            return;
        }
        if (Run("ip -V", &out) != 0)
        {
            reason = "no ip command (Debian: apt-get install iproute2)";
            return;
        }
        if (Run("bridge -V", &out) != 0)
        {
            reason = "no bridge command (Debian: apt-get install iproute2)";
            return;
        }
        Namespace ns;
        if (!ns.Error().empty())
        {
            reason = "cannot make a network namespace: " + ns.Error();
            return;
        }
        const std::pair<const char*, const char*> drivers[] = {
            {"veth", "link add p0 type veth peer name p1\n"},
            {"bridge", "link add b0 type bridge\n"},
            {"vxlan", "link add x0 type vxlan id 1 dstport 4789 local 192.0.2.1 df set\n"},
        };
        for (const auto& [driver, cmd] : drivers)
        {
            std::string error;
            if (!ns.Ip(cmd, &error))
            {
                reason = std::string("cannot make a ") + driver + " device (driver missing? " +
                         "modprobe " + driver + "): " + error;
                return;
            }
        }
        std::string error;
        Fd s = ns.PacketSocket("p0", false, &error);
        if (s.Get() < 0)
        {
            reason = "cannot open a packet socket in a namespace: " + error;
            return;
        }
        available = true;
    });
    if (!available && why)
    {
        *why = reason;
    }
    return available;
}

LinuxPeerResult
LinuxEncap(const std::vector<uint8_t>& innerFrame, const LinuxVxlanTunnel& tunnel)
{
    LinuxPeerResult result;
    if (innerFrame.size() < 14 || innerFrame.size() > 1514)
    {
        result.error =
            "the inner frame must have 14..1514 bytes, not " + std::to_string(innerFrame.size());
        return result;
    }
    Namespace ns;
    if (!ns.Error().empty())
    {
        result.error = ns.Error();
        return result;
    }
    if (!BuildVtep(ns, tunnel, &result.error))
    {
        return result;
    }
    Fd capture = ns.PacketSocket("ul1", true, &result.error);
    Fd inject = ns.PacketSocket("in0", false, &result.error);
    if (capture.Get() < 0 || inject.Get() < 0)
    {
        return result;
    }
    return Exchange(inject, innerFrame, capture, tunnel.timeoutMs, [&](const auto& f) {
        return IsUdpTo(f, tunnel.dstPort);
    });
}

LinuxPeerResult
LinuxDecap(const std::vector<uint8_t>& outerPacket, const LinuxVxlanTunnel& tunnel)
{
    LinuxPeerResult result;
    if (outerPacket.size() < 14 + 20 + 8 + 8 + 14)
    {
        result.error =
            "the outer packet is too short for VXLAN: " + std::to_string(outerPacket.size()) +
            " bytes";
        return result;
    }
    Namespace ns;
    if (!ns.Error().empty())
    {
        result.error = ns.Error();
        return result;
    }
    if (!BuildVtep(ns, tunnel, &result.error))
    {
        return result;
    }
    Fd capture = ns.PacketSocket("in0", true, &result.error);
    Fd inject = ns.PacketSocket("ul1", false, &result.error);
    if (capture.Get() < 0 || inject.Get() < 0)
    {
        return result;
    }
    return Exchange(inject, outerPacket, capture, tunnel.timeoutMs, [](const auto&) {
        return true;
    });
}

std::vector<std::string>
LinuxPeerNamespacesLeft()
{
    std::vector<std::string> left;
    std::string mine = kNamespacePrefix + std::to_string(getpid()) + "-";
    std::error_code ec;
    if (!std::filesystem::is_directory(kNetnsDir, ec))
    {
        return left;
    }
    for (const auto& entry : std::filesystem::directory_iterator(kNetnsDir, ec))
    {
        std::string name = entry.path().filename().string();
        if (name.rfind(mine, 0) == 0)
        {
            left.push_back(name);
        }
    }
    return left;
}

} // namespace vswitchtest
