/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "tap-port.h"

#include "ns3/config-error.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TapPort");

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT std::clog << "[tap " << m_tapName << "] ";

NS_OBJECT_ENSURE_REGISTERED(TapPort);

namespace
{

/// Largest frame read from a tap (a jumbo frame with room to spare).
constexpr std::size_t kMaxFrame = 65536;

/// \return whether name can be a Linux interface name
bool
ValidName(const std::string& name)
{
    if (name.empty() || name.size() >= IFNAMSIZ || name == "." || name == "..")
    {
        return false;
    }
    for (char ch : name)
    {
        if (ch == '/' || ch == ':' || static_cast<unsigned char>(ch) <= ' ')
        {
            return false;
        }
    }
    return true;
}

/// \return "an interface exists with that name" (in this network namespace)
bool
InterfaceExists(const std::string& name)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
    {
        return false;
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    bool found = ioctl(s, SIOCGIFINDEX, &ifr) == 0;
    close(s);
    return found;
}

/**
 * Open /dev/net/tun on the named tap.
 * \param name the interface
 * \param fd set to the descriptor on success
 * \return "" or what went wrong (errno's meaning for a tap)
 */
std::string
OpenTap(const std::string& name, int& fd)
{
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        int e = errno;
        if (e == ENOENT || e == ENODEV || e == ENXIO)
        {
            return "/dev/net/tun is missing (the kernel's tun driver: modprobe tun; in a "
                   "container, pass the device in, e.g. --device /dev/net/tun)";
        }
        if (e == EACCES || e == EPERM)
        {
            return "cannot open /dev/net/tun: " + std::string(std::strerror(e)) +
                   " (run vswitch-sim as root, e.g. with sudo)";
        }
        return "cannot open /dev/net/tun: " + std::string(std::strerror(e));
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
    {
        int e = errno;
        close(fd);
        fd = -1;
        switch (e)
        {
        case EBUSY:
            return "interface " + name +
                   " is in use (another process has the tap open; a tap has one reader: stop "
                   "that program, or use another tap)";
        case EINVAL:
            return "interface " + name +
                   " is not a tap (name a tap, made with: ip tuntap add NAME mode tap)";
        case EPERM:
        case EACCES:
            return "not allowed to attach to tap " + name +
                   " (it belongs to another user, or CAP_NET_ADMIN is missing: run as root)";
        default:
            return "cannot attach to tap " + name + ": " + std::strerror(e);
        }
    }
    return "";
}

} // namespace

TypeId
TapPort::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TapPort")
            .SetParent<Object>()
            .SetGroupName("VSwitch")
            .AddConstructor<TapPort>()
            .AddTraceSource("FromTap",
                            "A frame read from the tap, as it enters the simulation",
                            MakeTraceSourceAccessor(&TapPort::m_fromTapTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("ToTap",
                            "A frame of the simulation, as it is written to the tap",
                            MakeTraceSourceAccessor(&TapPort::m_toTapTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

TapPort::TapPort()
{
    NS_LOG_FUNCTION(this);
}

TapPort::~TapPort()
{
    NS_LOG_FUNCTION(this);
    Stop();
}

bool
TapPort::HasNetAdmin()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("CapEff:", 0) == 0)
        {
            uint64_t caps = std::strtoull(line.c_str() + 7, nullptr, 16);
            return (caps >> 12) & 1; // CAP_NET_ADMIN
        }
    }
    return geteuid() == 0;
}

std::string
TapPort::Preflight(const std::string& tapName, bool create)
{
    if (!ValidName(tapName))
    {
        return "\"" + tapName +
               "\" cannot name a Linux interface (1 to 15 characters, no '/', ':' or spaces)";
    }
    if (!HasNetAdmin())
    {
        return "tap " + tapName +
               ": this process lacks CAP_NET_ADMIN, which a tap needs (run vswitch-sim as "
               "root, e.g. sudo, or give it the capability: setcap cap_net_admin+ep vswitch-sim)";
    }
    bool exists = InterfaceExists(tapName);
    if (create)
    {
        if (exists)
        {
            return "interface " + tapName +
                   " exists already (remove it, or leave out \"create\" to attach to it)";
        }
        return "";
    }
    if (!exists)
    {
        return "no interface " + tapName +
               " in this network namespace (make it first: ip tuntap add " + tapName +
               " mode tap; or set \"create\": true)";
    }
    int fd = -1;
    std::string problem = OpenTap(tapName, fd);
    if (fd >= 0)
    {
        close(fd);
    }
    return problem;
}

void
TapPort::Open(Ptr<L2NetDevice> device, const std::string& tapName, bool create)
{
    NS_LOG_FUNCTION(this << device << tapName << create);
    m_tapName = tapName;
    if (m_fd >= 0)
    {
        VSWITCH_CONFIG_ERROR("TapPort " << tapName << ": already open");
    }
    if (!device || !device->GetNode())
    {
        VSWITCH_CONFIG_ERROR("TapPort " << tapName << ": the device must be on a node");
    }
    if (!DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation()))
    {
        VSWITCH_CONFIG_ERROR("TapPort " << tapName
                                        << ": needs the real-time scheduler (set the global "
                                           "SimulatorImplementationType to "
                                           "ns3::RealtimeSimulatorImpl before anything is built)");
    }
    if (!ValidName(tapName))
    {
        VSWITCH_CONFIG_ERROR("TapPort: \"" << tapName << "\" cannot name a Linux interface");
    }
    if (create && InterfaceExists(tapName))
    {
        VSWITCH_CONFIG_ERROR("TapPort: interface " << tapName << " exists already");
    }
    if (!create && !InterfaceExists(tapName))
    {
        VSWITCH_CONFIG_ERROR("TapPort: no interface " << tapName << " (ip tuntap add " << tapName
                                                      << " mode tap)");
    }
    std::string problem = OpenTap(tapName, m_fd);
    if (!problem.empty())
    {
        VSWITCH_CONFIG_ERROR("TapPort: " << problem);
    }
    int flags = fcntl(m_fd, F_GETFL);
    fcntl(m_fd, F_SETFL, flags | O_NONBLOCK);
    if (pipe2(m_wakeFd, O_CLOEXEC | O_NONBLOCK) < 0)
    {
        close(m_fd);
        m_fd = -1;
        VSWITCH_CONFIG_ERROR("TapPort " << tapName << ": pipe: " << std::strerror(errno));
    }
    m_device = device;
    m_context = device->GetNode()->GetId();
    device->SetFrameReceiveCallback(MakeCallback(&TapPort::FromDevice, this));
    // The reader starts with the simulation: an event it schedules from its thread is
    // stamped with the real-time clock, which only runs from Simulator::Run() on.
    m_stop = false;
    Simulator::ScheduleWithContext(m_context, Seconds(0), &TapPort::StartReader, this);
}

void
TapPort::StartReader()
{
    NS_LOG_FUNCTION(this);
    if (m_fd < 0 || m_stop || m_reader.joinable())
    {
        return;
    }
    m_reader = std::thread(&TapPort::ReadLoop, this);
}

void
TapPort::ConfigureLinux(const std::string& address)
{
    NS_LOG_FUNCTION(this << address);
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
    {
        VSWITCH_CONFIG_ERROR("TapPort " << m_tapName << ": socket: " << std::strerror(errno));
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    std::strncpy(ifr.ifr_name, m_tapName.c_str(), IFNAMSIZ - 1);
    std::string problem;
    if (!address.empty())
    {
        std::string ip = address;
        int prefix = 32;
        auto slash = address.find('/');
        if (slash != std::string::npos)
        {
            ip = address.substr(0, slash);
            prefix = std::atoi(address.c_str() + slash + 1);
        }
        auto* sin = reinterpret_cast<struct sockaddr_in*>(&ifr.ifr_addr);
        sin->sin_family = AF_INET;
        if (prefix < 0 || prefix > 32 || inet_pton(AF_INET, ip.c_str(), &sin->sin_addr) != 1)
        {
            problem = address + " is not an IPv4 address with a prefix";
        }
        else if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
        {
            problem = std::string("cannot set the address: ") + std::strerror(errno);
        }
        else
        {
            sin->sin_addr.s_addr = htonl(prefix == 0 ? 0 : ~uint32_t(0) << (32 - prefix));
            if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0)
            {
                problem = std::string("cannot set the netmask: ") + std::strerror(errno);
            }
        }
    }
    if (problem.empty())
    {
        if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
        {
            problem = std::string("cannot read the flags: ") + std::strerror(errno);
        }
        else
        {
            ifr.ifr_flags |= IFF_UP;
            if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
            {
                problem = std::string("cannot set it up: ") + std::strerror(errno);
            }
        }
    }
    close(s);
    if (!problem.empty())
    {
        VSWITCH_CONFIG_ERROR("TapPort " << m_tapName << ": " << problem);
    }
}

void
TapPort::Stop()
{
    if (m_reader.joinable())
    {
        NS_LOG_FUNCTION(this);
        m_stop = true;
        char c = 'x';
        if (write(m_wakeFd[1], &c, 1) < 0)
        {
            NS_LOG_WARN("cannot wake the reader: " << std::strerror(errno));
        }
        m_reader.join();
    }
    m_stop = true;
    {
        // A Drain the simulator threw away (Destroy) must not keep a reopened port waiting.
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.clear();
        m_drainScheduled = false;
    }
    for (int* fd : {&m_fd, &m_wakeFd[0], &m_wakeFd[1]})
    {
        if (*fd >= 0)
        {
            close(*fd);
            *fd = -1;
        }
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_queue.clear();
}

void
TapPort::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Stop();
    if (m_device)
    {
        m_device->SetFrameReceiveCallback(L2NetDevice::FrameReceiveCallback());
    }
    m_device = nullptr;
    Object::DoDispose();
}

void
TapPort::ReadLoop()
{
    std::vector<uint8_t> buf(kMaxFrame);
    while (!m_stop)
    {
        struct pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wakeFd[0], POLLIN, 0}};
        int n = poll(fds, 2, -1);
        if (n < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            break;
        }
        if (fds[1].revents != 0 || (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)))
        {
            break;
        }
        if (!(fds[0].revents & POLLIN))
        {
            continue;
        }
        ssize_t len = read(m_fd, buf.data(), buf.size());
        if (len <= 0)
        {
            if (len < 0 && (errno == EAGAIN || errno == EINTR))
            {
                continue;
            }
            break;
        }
        bool schedule = false;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_queue.emplace_back(buf.begin(), buf.begin() + len);
            schedule = !m_drainScheduled;
            m_drainScheduled = true;
        }
        if (schedule)
        {
            // RealtimeSimulatorImpl takes events from any thread and stamps them with the
            // wall clock's now.
            Simulator::ScheduleWithContext(m_context, m_zero, &TapPort::Drain, this);
        }
    }
}

void
TapPort::Drain()
{
    std::deque<std::vector<uint8_t>> frames;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        frames.swap(m_queue);
        m_drainScheduled = false;
    }
    for (const auto& bytes : frames)
    {
        if (!m_device)
        {
            return;
        }
        // Shorter than its Ethernet header (14 bytes, 18 with an 802.1Q tag): a runt.
        bool tagged = bytes.size() >= 14 && bytes[12] == 0x81 && bytes[13] == 0x00;
        if (bytes.size() < (tagged ? 18u : 14u))
        {
            ++m_runts;
            continue;
        }
        Ptr<Packet> frame = Create<Packet>(bytes.data(), bytes.size());
        EthernetVlanHeader header;
        frame->PeekHeader(header);
        ++m_framesIn;
        m_fromTapTrace(frame);
        NS_LOG_LOGIC("from tap: " << bytes.size() << " bytes, " << header.GetSource() << " > "
                                  << header.GetDestination());
        m_device->SendFrame(frame, header);
    }
}

void
TapPort::FromDevice(Ptr<L2NetDevice> device, Ptr<Packet> frame, const EthernetVlanHeader& header)
{
    if (m_fd < 0)
    {
        return;
    }
    std::vector<uint8_t> bytes(frame->GetSize());
    frame->CopyData(bytes.data(), bytes.size());
    ssize_t n = write(m_fd, bytes.data(), bytes.size());
    if (n != static_cast<ssize_t>(bytes.size()))
    {
        ++m_writeErrors;
        NS_LOG_LOGIC("write to tap failed: " << (n < 0 ? std::strerror(errno) : "short write"));
        return;
    }
    ++m_framesOut;
    m_toTapTrace(frame);
}

std::string
TapPort::GetTapName() const
{
    return m_tapName;
}

Ptr<L2NetDevice>
TapPort::GetDevice() const
{
    return m_device;
}

uint64_t
TapPort::GetFramesIn() const
{
    return m_framesIn;
}

uint64_t
TapPort::GetFramesOut() const
{
    return m_framesOut;
}

uint64_t
TapPort::GetWriteErrors() const
{
    return m_writeErrors;
}

uint64_t
TapPort::GetRuntFrames() const
{
    return m_runts;
}

} // namespace ns3
