/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A small lab for vSwitch tests: one physical switch, ESXi hosts cabled to it, VMs and
 * bare-metal hosts with IPv4, and recorders for capture points and drops.
 */
#ifndef VSWITCH_TEST_VSWITCH_LAB_H
#define VSWITCH_TEST_VSWITCH_LAB_H

#include "test-util.h"

#include "ns3/config-error.h"
#include "ns3/esxi-host-helper.h"
#include "ns3/esxi-host.h"
#include "ns3/physical-switch-helper.h"
#include "ns3/physical-switch.h"
#include "ns3/port-group.h"
#include "ns3/vnic-net-device.h"
#include "ns3/vswitch.h"

#include <map>
#include <string>
#include <vector>

namespace vswitchtest
{

/// One frame seen at a capture point.
struct Seen
{
    ns3::EthernetVlanHeader header; //!< its header as it was at the point
    ns3::CaptureContext where;      //!< where
    uint32_t size;                  //!< its size
};

/// Records what one capture point of one vSwitch sees.
class CaptureLog : public ns3::SimpleRefCount<CaptureLog>
{
  public:
    /// Whether the log keeps the RARP announcements every vNIC connect sends (spec 2.4).
    enum RarpFrames
    {
        SKIP_RARP, //!< ignore EtherType 0x8035 (most tests count their own frames only)
        KEEP_RARP, //!< record them too
    };

    /// Attach to a vSwitch trace source by name ("PortOutput", "Drop", ...).
    CaptureLog(ns3::Ptr<ns3::VSwitch> vs, const std::string& point, RarpFrames rarp = SKIP_RARP);

    /// Every frame seen.
    const std::vector<Seen>& All() const
    {
        return m_seen;
    }

    /// Frames seen at a port (or uplink) ID.
    std::vector<Seen> AtPort(uint32_t portId) const;
    /// Frames of an EtherType seen at a port ID (0 = any port).
    std::size_t Count(uint16_t etherType, uint32_t portId = 0) const;
    /// Drops with a reason (at a port ID, 0 = any).
    std::size_t Drops(ns3::DropReason reason, uint32_t portId = 0) const;
    /// Frames from a source MAC.
    std::size_t CountFrom(ns3::Mac48Address mac, uint32_t portId = 0) const;
    /// Frames to a destination MAC.
    std::size_t CountTo(ns3::Mac48Address mac, uint32_t portId = 0) const;

  private:
    void Sink(ns3::Ptr<const ns3::Packet> frame, const ns3::CaptureContext& where);
    std::vector<Seen> m_seen;
    bool m_keepRarp;
};

/**
 * The lab: a physical switch whose ports facing hosts are trunks (all VLANs, native 1),
 * and ESXi hosts each cabled with all their NICs.
 */
class Lab
{
  public:
    Lab(uint32_t switchPorts = 24);

    /// An ESXi host with vSwitch0 on the given NICs, each cabled to the next free switch port.
    ns3::Ptr<ns3::EsxiHost> Host(const std::string& name,
                                 std::vector<std::string> nics = {"vmnic0", "vmnic1"});

    /// An ESXi host without a vSwitch, its NICs cabled like Host()'s.
    ns3::Ptr<ns3::EsxiHost> BareHost(const std::string& name,
                                     std::vector<std::string> nics = {"vmnic0", "vmnic1"});

    /// A VM on a host's port group, with an IPv4 address ("" for none).
    ns3::Ptr<ns3::Node> Vm(ns3::Ptr<ns3::EsxiHost> host,
                           const std::string& portGroup,
                           const std::string& ip,
                           const std::string& name = "");

    /// A bare-metal host on an access port of the given VLAN of the physical switch.
    ns3::Ptr<ns3::Node> External(uint16_t vlan, const std::string& ip);

    /// The switch port a host NIC is cabled to.
    std::string SwitchPortOf(ns3::Ptr<ns3::EsxiHost> host, const std::string& nic) const;

    /// The vNIC of a VM (its first).
    static ns3::Ptr<ns3::VnicNetDevice> Vnic(ns3::Ptr<ns3::Node> vm, uint32_t i = 0);
    /// A node's first non-loopback device.
    static ns3::Ptr<ns3::NetDevice> Nic(ns3::Ptr<ns3::Node> node);
    /// The MAC of a node's first device.
    static ns3::Mac48Address MacOf(ns3::Ptr<ns3::Node> node);

    ns3::Ptr<ns3::PhysicalSwitch> sw; //!< the physical switch
    ns3::EsxiHostHelper esxi;         //!< host builder
    ns3::EthernetHelper eth;          //!< cables

  private:
    void Cable(ns3::Ptr<ns3::EsxiHost> host, const std::vector<std::string>& nics);
    std::string NextPort();
    uint32_t m_nextPort{1};
    std::map<std::string, std::string> m_cabling; //!< host:nic -> switch port
};

} // namespace vswitchtest

#endif
