/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VTEP_TABLES_H
#define VSWITCH_VTEP_TABLES_H

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

class Vtep;

/**
 * \ingroup vswitch
 * \brief A VTEP as the control plane lists it for a VNI: its IP, its segment (the network
 *        of its IP) and its MAC.
 */
struct VtepRecord
{
    Ipv4Address ip;      //!< the VTEP's IP
    Ipv4Address segment; //!< its segment: the network address of its subnet
    Mac48Address mac;    //!< its vmknic's MAC
    Vtep* vtep{nullptr}; //!< the VTEP object (for the simulation's messages; not shown)
};

/**
 * \ingroup vswitch
 * \brief One host's tables for one VNI, as `esxcli network vswitch dvs vmware vxlan network
 *        vtep|mac|arp list` shows them (spec section 9).
 *
 *  - VTEPs: the VTEPs of the VNI the controller pushed, without the host's own; each
 *    remote segment's replicating VTEP (UTEP/MTEP) is marked.
 *  - MACs: inner MAC -> outer IP (the remote VTEP), learned from received VXLAN packets
 *    (they age) or from the controller's answer to a query (they age too).
 *  - ARPs: VM IP -> VM MAC from the controller's answers to ARP queries (ARP suppression).
 */
class VtepTables
{
  public:
    /// A MAC table entry.
    struct MacEntry
    {
        Mac48Address inner;    //!< the VM's MAC
        Ipv4Address outerIp;   //!< the VTEP behind which it is
        Time expires;          //!< when it ages out
        bool fromController{}; //!< answered by the controller (not learned from data)
    };

    /// A VTEP as the host holds it.
    struct VtepEntry
    {
        VtepRecord record; //!< the VTEP
        bool mtep{false};  //!< the replicating VTEP of its segment (UTEP/MTEP)
    };

    /**
     * \brief Replace the VTEP list (a controller push), without the host's own VTEP.
     * \param vteps the VTEPs
     */
    void SetVteps(const std::vector<VtepEntry>& vteps);
    /// \return the VTEP list
    const std::vector<VtepEntry>& GetVteps() const;
    /// \param ip a VTEP IP \return its record, or nullptr
    const VtepRecord* FindVtep(Ipv4Address ip) const;

    /**
     * \brief Learn or refresh a MAC.
     * \param inner the VM's MAC
     * \param outerIp the VTEP's IP
     * \param expires when it ages out
     * \param fromController whether the controller said so
     */
    void SetMac(Mac48Address inner, Ipv4Address outerIp, Time expires, bool fromController);
    /**
     * \param inner a MAC
     * \param now the current time (aged entries are removed)
     * \return the entry, or nullptr
     */
    const MacEntry* LookupMac(Mac48Address inner, Time now);
    /// \param now the current time \return the entries that have not aged out, in MAC order
    std::vector<MacEntry> GetMacs(Time now) const;
    /// \param inner a MAC to forget
    void RemoveMac(Mac48Address inner);

    /**
     * \brief Record an IP-MAC binding (the controller's answer).
     * \param ip the VM's IP
     * \param mac its MAC
     */
    void SetArp(Ipv4Address ip, Mac48Address mac);
    /// \param ip an IP \return its MAC entry, or nullptr
    const Mac48Address* LookupArp(Ipv4Address ip) const;
    /// \return the bindings, in IP order
    std::vector<std::pair<Ipv4Address, Mac48Address>> GetArps() const;

  private:
    std::vector<VtepEntry> m_vteps;                  //!< VTEP list
    std::map<uint64_t, MacEntry> m_macs;             //!< MAC key -> entry
    std::map<uint32_t, Mac48Address> m_arps;         //!< IP -> MAC
};

/**
 * \ingroup vswitch
 * \brief The network address of an IP in its subnet, the VTEP's segment ID.
 * \param ip the address
 * \param mask the mask
 * \return the network address
 */
Ipv4Address SegmentOf(Ipv4Address ip, Ipv4Mask mask);

/**
 * \brief Print a MAC as ESXi and NSX print it (lower-case, colons).
 * \param mac the MAC
 * \return the text
 */
std::string NsxMacText(Mac48Address mac);

/**
 * \brief Print an IPv4 address.
 * \param ip the address
 * \return the dotted text
 */
std::string NsxIpText(Ipv4Address ip);

} // namespace ns3

#endif /* VSWITCH_VTEP_TABLES_H */
