/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_DISTRIBUTED_SWITCH_H
#define VSWITCH_DISTRIBUTED_SWITCH_H

#include "distributed-port-group.h"
#include "mac-learning-policy.h"
#include "security-policy.h"
#include "teaming-policy.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class EsxiHost;
class PortGroup;
class VSwitch;
class DistributedSwitch;

/**
 * \ingroup vswitch
 * \brief A vSphere Distributed Switch: vCenter's switch, configured once and spanning every
 *        host that joins it (spec section 7).
 *
 * Not a NetDevice: each member host runs a proxy VSwitch of type distributed for it (the
 * portset `DvsPortset-N` of pktcap-uw and `net-stats -l`), which takes its configuration
 * from here: switch-wide security, teaming (failover order in dvUplink names) and MAC
 * learning, the dvPortgroups, the MTU. A change made here reaches every member at once.
 * Every port of the switch, on any host, has a dvPort number unique in the switch; a VM
 * keeps its dvPort across a vNIC reconnect and a vMotion, while its per-host port ID
 * changes.
 *
 * \code
 *   Ptr<DistributedSwitch> dvs = CreateObject<DistributedSwitch>();
 *   dvs->SetAttribute("Name", StringValue("DSwitch"));
 *   dvs->SetUplinks({"Uplink 1", "Uplink 2"});
 *   dvs->AddPortGroup("Nested-PG", 50)->SetMacLearningOverride(learning);
 *   dvs->AddHost(esxi01, {{"Uplink 1", "vmnic0"}, {"Uplink 2", "vmnic1"}});
 *   dvs->AddHost(esxi02, {{"Uplink 1", "vmnic0"}});
 * \endcode
 */
class DistributedSwitch : public Object
{
  public:
    /// The switch version, which decides what it allows (MAC learning needs 6.7).
    enum Version
    {
        V65 = 65, //!< 6.5
        V67 = 67, //!< 6.7
        V70 = 70, //!< 7.0
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DistributedSwitch();
    ~DistributedSwitch() override;

    /// \return the name
    std::string GetName() const;
    /// \return the version
    Version GetVersion() const;

    /**
     * \brief Name the dvUplinks (default "Uplink 1" .. "Uplink 4"); before any host joins.
     * \param names the dvUplink names, unique
     */
    void SetUplinks(const std::vector<std::string>& names);
    /// \return the dvUplink names
    const std::vector<std::string>& GetUplinks() const;

    /**
     * \brief A host joins: its proxy switch is created with the mapped vmnics as uplinks,
     *        and gets the switch's settings and every dvPortgroup.
     * \param host the host
     * \param uplinks dvUplink -> vmnic (each dvUplink and vmnic once; unmapped dvUplinks
     *        are absent on this host)
     * \return the host's proxy switch
     */
    Ptr<VSwitch> AddHost(Ptr<EsxiHost> host, const std::map<std::string, std::string>& uplinks);
    /// \param host a host \return its proxy switch (nullptr when it is no member)
    Ptr<VSwitch> GetProxy(Ptr<EsxiHost> host) const;
    /// \return the member hosts, in the order they joined
    std::vector<Ptr<EsxiHost>> GetHosts() const;

    /// \param policy the switch-wide security, on every host
    void SetSecurityPolicy(const SecurityPolicy& policy);
    /// \param policy the switch-wide teaming (lists name dvUplinks), on every host
    void SetTeamingPolicy(const TeamingPolicy& policy);
    /// \param policy the switch-wide MAC learning (6.7 or later to enable), on every host
    void SetMacLearningPolicy(const MacLearningPolicy& policy);

    /**
     * \brief Add a dvPortgroup; it appears on every member host, and on hosts that join later.
     * \param name unique on the switch (and on every member host)
     * \param vlan 0, 1-4094 or 4095
     * \return the dvPortgroup
     */
    Ptr<DistributedPortGroup> AddPortGroup(const std::string& name, uint16_t vlan);
    /// \param name a dvPortgroup name \return it (ConfigError when unknown)
    Ptr<DistributedPortGroup> GetPortGroup(const std::string& name) const;
    /// \return the dvPortgroups in the order added
    std::vector<Ptr<DistributedPortGroup>> GetPortGroups() const;

    /// \return the next dvPort number (called by the proxies when a port connects)
    uint32_t AllocateDvPort();

    /**
     * \brief Translate a teaming policy in dvUplink names to one host's vmnics.
     * \param host a member host
     * \param policy the policy
     * \return it with the host's vmnics (unmapped dvUplinks left out)
     */
    TeamingPolicy ForHost(Ptr<EsxiHost> host, const TeamingPolicy& policy) const;
    /**
     * \brief Check a teaming policy's dvUplink names and a MAC learning policy against the
     *        switch (ConfigError naming what is wrong).
     * \param where what is being configured
     * \param teaming a teaming policy (or nullptr)
     * \param learning a MAC learning policy (or nullptr)
     */
    void Check(const std::string& where,
               const TeamingPolicy* teaming,
               const MacLearningPolicy* learning) const;

  protected:
    void DoDispose() override;

  private:
    /// A member host.
    struct Member
    {
        Ptr<EsxiHost> host;                        //!< the host
        Ptr<VSwitch> proxy;                        //!< its proxy switch
        std::map<std::string, std::string> uplink; //!< dvUplink -> vmnic
    };

    /// Apply the switch-wide settings to one member.
    void ApplyTo(const Member& m) const;
    /// \param host a host \return its member record, or nullptr
    const Member* FindMember(Ptr<EsxiHost> host) const;

    friend class DistributedPortGroup;

    std::string m_name;                              //!< Name
    Version m_version;                               //!< Version
    uint16_t m_mtu;                                  //!< Mtu
    std::vector<std::string> m_uplinks;              //!< dvUplink names
    std::vector<Member> m_members;                   //!< member hosts
    std::vector<Ptr<DistributedPortGroup>> m_groups; //!< dvPortgroups
    SecurityPolicy m_security;                       //!< switch-wide security
    TeamingPolicy m_teaming;                         //!< switch-wide teaming (dvUplinks)
    MacLearningPolicy m_learning;                    //!< switch-wide MAC learning
    uint32_t m_nextDvPort;                           //!< next dvPort number
};

} // namespace ns3

#endif /* VSWITCH_DISTRIBUTED_SWITCH_H */
