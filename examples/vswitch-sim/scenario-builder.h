/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: building a checked scenario with the module's helpers, and what the run
 * measured.
 */
#ifndef VSWITCH_SIM_SCENARIO_BUILDER_H
#define VSWITCH_SIM_SCENARIO_BUILDER_H

#include "guest-arp-drops.h"
#include "partition.h"
#include "scenario.h"

#include "ns3/application.h"
#include "ns3/distributed-switch.h"
#include "ns3/esxi-host-helper.h"
#include "ns3/esxi-host.h"
#include "ns3/ethernet-helper.h"
#include "ns3/nsx-helper.h"
#include "ns3/output-file.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/physical-switch.h"
#include "ns3/pktcap-helper.h"
#include "ns3/realtime-lag-monitor.h"
#include "ns3/router-helper.h"
#include "ns3/simple-ref-count.h"
#include "ns3/tap-port.h"
#include "ns3/vmotion.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

namespace vsim
{

/// A problem found while building: "FILE: PATH: message". Exit status 2.
class BuildError : public std::runtime_error
{
  public:
    /// \param what the message
    explicit BuildError(const std::string& what)
        : std::runtime_error(what)
    {
    }
};

/// What one traffic source did.
struct TrafficStats : public ns3::SimpleRefCount<TrafficStats>
{
    std::size_t index{0};                    //!< index in "traffic"
    std::string type;                        //!< ping, udp, tcp
    std::string from;                        //!< sender
    std::string to;                          //!< destination as written
    ns3::Ipv4Address dst;                    //!< destination address
    std::vector<ns3::Ipv4Address> senderIps; //!< the sender's addresses
    uint64_t sent{0};                        //!< requests / packets / bytes sent
    uint64_t received{0};                    //!< replies / packets / bytes received
    double rttMin{0};                        //!< ping: RTT (ms)
    double rttMax{0};                        //!< ping: RTT (ms)
    double rttSum{0};                        //!< ping: sum of RTTs (ms)
    bool dontFragment{false};                //!< ping: DF set
    uint32_t rank{0};                        //!< the sender's MPI rank (0 without --mpi)
    uint64_t tooBig{0};                      //!< ping with DF: requests over the first hop's MTU
};

/// A scenario event and whether it fired.
struct FiredEvent : public ns3::SimpleRefCount<FiredEvent>
{
    std::size_t index{0}; //!< index in "events"
    std::string type;     //!< link-down, blackhole, ...
    std::string what;     //!< what it acted on, as the scenario names it
    bool fired{false};    //!< it ran before the end of the simulation
    double time{0};       //!< when it ran (simulated seconds)
};

struct VmotionStats;

/// Which vMotion of a VM last switched over: the one whose destination's RARPs count.
struct VmotionCursor : public ns3::SimpleRefCount<VmotionCursor>
{
    const VmotionStats* current{nullptr}; //!< the VM's last switched-over vMotion
};

/// What one vMotion event did.
struct VmotionStats : public ns3::SimpleRefCount<VmotionStats>
{
    std::size_t index{0};           //!< index in "events"
    std::string vm;                 //!< the VM, as the event names it
    std::string from;               //!< source host (reference)
    std::string to;                 //!< destination host (reference)
    ns3::Ptr<ns3::VMotion> motion;  //!< the migration (its record once it started)
    ns3::Ptr<VmotionCursor> cursor; //!< shared by the VM's vMotions
    bool switchedOver{false};       //!< the VM resumed on the destination before the end
    uint32_t rank{0};               //!< the hosts' MPI rank (0 without --mpi)
    uint64_t rarps{0};              //!< RARP frames the destination sent for the VM's MACs
};

/// A plain switch port pcap: its file and the frames it wrote.
struct FrameTally : public ns3::SimpleRefCount<FrameTally>
{
    uint64_t frames{0};                             //!< frames
    std::unique_ptr<ns3::CaptureFileWriter> writer; //!< the pcap
};

/// One capture and its frame count.
struct CaptureRecord
{
    std::size_t index{0};                 //!< index in "captures"
    std::string options;                  //!< pktcap-uw options (with --switchport filled in)
    std::string file;                     //!< output file ("" for console)
    ns3::Ptr<ns3::PktcapSession> session; //!< a pktcap-uw session
    ns3::Ptr<FrameTally> tally;           //!< a switch port pcap
    uint32_t rank{0};                     //!< its host's or switch's MPI rank (0 without --mpi)
};

/// A switch port bound to a Linux tap ("emulate").
struct EmulateRecord
{
    const EmulateConfig* config{nullptr}; //!< the entry
    ns3::Ptr<ns3::TapPort> tap;           //!< its tap port
};

/**
 * \brief Builds a scenario: switches, hosts (nested ones too), links, IP, traffic, events,
 *        captures. Every model ConfigError comes out as a BuildError naming the JSON path.
 */
class ScenarioBuilder
{
  public:
    /// Where the captures of a run without an output folder write.
    static constexpr const char* kNoFile = "/dev/null";

    /**
     * \param scenario the checked scenario (must outlive the builder)
     * \param outDir the output folder (exists); "" writes no file: the captures run, their
     *        frames counted, but their bytes go to kNoFile and the console's text nowhere
     */
    ScenarioBuilder(const Scenario& scenario, const std::string& outDir);

    /**
     * \param cb called at the first write or close failure of a capture file or of
     *        captures.txt (path, reason); give it before Build()
     */
    void SetWriteErrorCallback(ns3::OutputFile::ErrorCallback cb);

    /// Makes the helper that cables two devices (an EthernetMpiHelper in a distributed run).
    using CableHelperFactory = std::function<std::unique_ptr<ns3::EthernetHelper>()>;

    /**
     * \brief A distributed run (vswitch-sim --mpi): every node is made with the system id of
     *        the rank the partition gives it, and the scenario's cables come from cables()
     *        (so that a cable between ranks is a remote one). Give it before Build().
     * \param partition the ranks (must outlive the builder)
     * \param cables makes the helper for each cable of "links"
     */
    void SetPartition(const Partition* partition, CableHelperFactory cables);

    /// \return the partition given to SetPartition (null: one process)
    const Partition* GetPartition() const
    {
        return m_partition;
    }

    /// Build everything and schedule traffic, events and captures.
    void Build();

    /// Stop the capture sessions (files closed, console trailers printed); a failure goes
    /// to the write error callback.
    void StopCaptures();

    /**
     * \brief After a failed run: close every capture file and captures.txt and rename each
     *        to NAME.partial (a file whose write failed cut back to its last whole frame).
     * \return the new paths
     */
    std::vector<std::string> KeepCapturesAsPartial();

    /// \return the switches in file order
    const std::vector<std::pair<std::string, ns3::Ptr<ns3::PhysicalSwitch>>>& Switches() const
    {
        return m_switches;
    }

    /// \return the routers in file order
    const std::vector<std::pair<std::string, ns3::Ptr<ns3::Ipv4Router>>>& Routers() const
    {
        return m_routers;
    }

    /// \return the ESXi hosts, outer ones before the hosts nested in them, by reference
    const std::vector<std::pair<std::string, ns3::Ptr<ns3::EsxiHost>>>& Hosts() const
    {
        return m_hosts;
    }

    /// \return the traffic results
    const std::vector<ns3::Ptr<TrafficStats>>& Traffic() const
    {
        return m_traffic;
    }

    /// \return the captures
    const std::vector<CaptureRecord>& Captures() const
    {
        return m_captures;
    }

    /// \return the scenario's events, in the file's order
    const std::vector<ns3::Ptr<FiredEvent>>& Events() const
    {
        return m_events;
    }

    /// \return the vMotion events, in the file's order
    const std::vector<ns3::Ptr<VmotionStats>>& Vmotions() const
    {
        return m_vmotions;
    }

    /// \return the NSX deployment, or nullptr when the scenario has no "nsx" section
    const ns3::NsxHelper* Nsx() const
    {
        return m_nsx.get();
    }

    /// \return the VTEPs with their host's reference, in the order they were installed
    const std::vector<std::pair<std::string, ns3::Ptr<ns3::Vtep>>>& Vteps() const
    {
        return m_vteps;
    }

    /// \return the switch ports bound to taps, in the file's order
    /// \return the packets the endpoints' ARP dropped (summary.json "arpDrops")
    const GuestArpDrops& ArpDrops() const
    {
        return m_arpDrops;
    }

    const std::vector<EmulateRecord>& Emulated() const
    {
        return m_taps;
    }

    /// \return the real-time lag monitor, or nullptr when the run is not in real time
    ns3::Ptr<ns3::RealtimeLagMonitor> LagMonitor() const
    {
        return m_lag;
    }

    /// Stop the taps' reader threads and the lag sampling (after the run; the counters stay).
    void StopEmulation();

  private:
    /// Run f; turn a ConfigError into a BuildError at path.
    template <typename F>
    void At(const std::string& path, F f);

    void BuildSwitch(const SwitchConfig& sw);
    /// The taps of "emulate" and the lag monitor of a real-time run
    /// (scenario-builder-emulate.cc).
    void BuildEmulate();
    /// The routers and their interfaces (scenario-builder-underlay.cc).
    void BuildRouters();
    /// Default gateways of the endpoints, then the routes of the routers.
    void BuildRoutes();
    void BuildDistributedSwitch(const DistributedSwitchConfig& c);
    /// The NSX controllers and logical switches, and the routers' multicast groups
    /// (scenario-builder-nsx.cc).
    void BuildNsx();
    /// A host's VTEP, once it joined its distributed switches and before its VMs connect.
    void BuildVtep(const HostConfig& h, ns3::Ptr<ns3::EsxiHost> host);
    /// Once the routes are in: the VTEPs' path MTU along them.
    void FinishNsx();
    /// A gratuitous ARP from a VM (garp traffic).
    void BuildGarp(std::size_t index, const TrafficConfig& t);
    /// controller-down, controller-up.
    void BuildControllerEvent(const EventConfig& e);
    void BuildHostBody(const HostConfig& h, ns3::Ptr<ns3::EsxiHost> host);
    ns3::Ptr<ns3::EsxiHost> Host(const std::string& ref) const;
    /// A vNIC event at run time: on whichever host the VM runs then.
    void VnicEvent(ns3::Ptr<ns3::Node> vm, std::string type, uint32_t nic, ns3::Mac48Address mac);
    void BuildLink(const LinkConfig& l);
    void AssignAddresses();
    void BuildTraffic(std::size_t index, const TrafficConfig& t);
    void BuildEvent(std::size_t index, const EventConfig& e);
    void BuildCapture(std::size_t index, const CaptureConfig& c);
    ns3::Ptr<ns3::Node> Sender(const std::string& ref, const std::string& path) const;
    ns3::Ptr<ns3::Node> VmNode(const std::string& ref) const;
    ns3::Ptr<ns3::EthernetNetDevice> CableEnd(const Endpoint& e) const;

    /// An address to configure once the IP stacks are installed.
    struct PendingAddress
    {
        std::string path;                        //!< where it was given
        ns3::Ptr<ns3::Node> node;                //!< node
        ns3::Ptr<ns3::NetDevice> device;         //!< device
        IfAddress address;                       //!< address
        std::optional<ns3::Ipv4Address> gateway; //!< default route
    };

    /// \param ref a host reference \return a new node for the host or one of its VMs
    ns3::Ptr<ns3::Node> HostNode(const std::string& ref) const;
    /// Name a node for the rows about it (the first name given stays).
    void NameNode(const ns3::Ptr<ns3::Node>& node, const std::string& name);
    /// Once every address is assigned: count what each node's ARP drops.
    void WatchArpDrops();

    const Scenario& m_scenario;
    std::string m_outDir;
    const Partition* m_partition{nullptr}; //!< the ranks of a distributed run
    CableHelperFactory m_cables;           //!< the cable helpers of a distributed run
    ns3::PhysicalSwitchHelper m_pswitch;
    ns3::EsxiHostHelper m_esxi;
    ns3::PktcapHelper m_pktcap;
    ns3::RouterHelper m_routerHelper;

    /// Swallows what it is given (the console captures of a run without files).
    struct NullBuf : public std::streambuf
    {
        /// \return c: accepted
        /// \param c a character
        int overflow(int c) override
        {
            return c == traits_type::eof() ? traits_type::not_eof(c) : c;
        }

        /// \return n: accepted
        /// \param n how many
        std::streamsize xsputn(const char*, std::streamsize n) override
        {
            return n;
        }
    };

    NullBuf m_nullBuf;                                      //!< for a run without files
    ns3::OutputFile::ErrorCallback m_onWriteError;          //!< output failures
    std::unique_ptr<ns3::OutputFile> m_consoleFile;         //!< captures.txt
    std::unique_ptr<ns3::OutputFileStreamBuf> m_consoleBuf; //!< over m_consoleFile
    std::unique_ptr<std::ostream> m_console;                //!< over m_consoleBuf (or m_nullBuf)

    std::vector<std::pair<std::string, ns3::Ptr<ns3::PhysicalSwitch>>> m_switches;
    std::vector<std::pair<std::string, ns3::Ptr<ns3::EsxiHost>>> m_hosts;
    std::vector<std::pair<std::string, ns3::Ptr<ns3::Ipv4Router>>> m_routers;
    std::map<std::string, ns3::Ptr<ns3::Node>> m_vms;       //!< VM refs -> nodes
    std::map<std::string, std::string> m_vmHost;            //!< VM refs -> host ref
    std::map<std::string, ns3::Ptr<ns3::Node>> m_endpoints; //!< traffic senders
    std::map<uint32_t, ns3::Ptr<ns3::Node>> m_ipOwner;      //!< address -> node
    std::vector<PendingAddress> m_addresses;
    std::map<std::string, ns3::Ptr<ns3::Application>> m_sinks; //!< "node/proto/port" -> sink
    std::vector<ns3::Ptr<TrafficStats>> m_traffic;
    std::vector<CaptureRecord> m_captures;
    std::vector<ns3::Ptr<FiredEvent>> m_events;
    /// the distributed switches, in file order, with their configuration
    std::vector<std::pair<const DistributedSwitchConfig*, ns3::Ptr<ns3::DistributedSwitch>>> m_dvs;
    std::vector<ns3::Ptr<VmotionStats>> m_vmotions;
    std::map<uint32_t, ns3::Ptr<VmotionCursor>> m_cursors;            //!< VM node ID -> its cursor
    std::unique_ptr<ns3::NsxHelper> m_nsx;                            //!< NSX, when configured
    std::vector<std::pair<std::string, ns3::Ptr<ns3::Vtep>>> m_vteps; //!< host ref, VTEP
    std::vector<EmulateRecord> m_taps;       //!< switch ports bound to taps
    std::map<uint32_t, std::string> m_nodeNames; //!< node ID -> name (NameNode)
    GuestArpDrops m_arpDrops;                    //!< what the endpoints' ARP dropped
    ns3::Ptr<ns3::RealtimeLagMonitor> m_lag; //!< lag of a real-time run
};

} // namespace vsim

#endif
