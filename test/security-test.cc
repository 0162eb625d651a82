/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The ESXi vSwitch, spec sections 1, 5 and 6: the objects (port IDs, MACs, VLAN modes), the
 * security policies (promiscuous mode, MAC address changes, forged transmits; switch defaults
 * and port-group overrides; what a promiscuous VM sees), nested ESXi (seed 4) and MAC
 * learning on a distributed switch. Each test is named after the rule it holds.
 */
#include "vswitch-lab.h"

#include <set>

using namespace ns3;
using namespace vswitchtest;

namespace
{

constexpr PolicySetting kAccept = PolicySetting::Accept;
constexpr PolicySetting kReject = PolicySetting::Reject;
constexpr PolicySetting kInherit = PolicySetting::Inherit;

/// A security policy (or override) from its three keys.
SecurityPolicy
Security(PolicySetting promiscuous, PolicySetting macChanges, PolicySetting forged)
{
    SecurityPolicy s;
    s.promiscuous = promiscuous;
    s.macChanges = macChanges;
    s.forgedTransmits = forged;
    return s;
}

/// "accept" / "reject" / "inherit", for readable expectations.
std::string
Str(PolicySetting s)
{
    return PolicySettingToString(s);
}

/// A frame with any source MAC (a guest forging it, or a nested host relaying it).
void
SendRawFrom(Ptr<NetDevice> dev, Mac48Address src, Mac48Address dst)
{
    dev->SendFrom(Create<Packet>(100), src, dst, 0x88b5);
}

/// The guest changes its vNIC's effective MAC.
void
ChangeMac(Ptr<VnicNetDevice> vnic, Mac48Address mac)
{
    vnic->SetAddress(mac);
}

/// The guest puts its vNIC in or out of promiscuous mode.
void
SetGuestPromiscuous(Ptr<VnicNetDevice> vnic, bool on)
{
    vnic->SetGuestPromiscuous(on);
}

/// Run the ConfigError-throwing f and check the message names every fragment.
template <typename F>
void
ExpectConfigError(F f, std::vector<std::string> fragments)
{
    try
    {
        f();
        ADD_FAILURE() << "no ConfigError";
    }
    catch (const ConfigError& e)
    {
        std::string what = e.what();
        for (const auto& frag : fragments)
        {
            EXPECT_NE(what.find(frag), std::string::npos)
                << "message: " << what << "\nmissing: " << frag;
        }
    }
}

/// Frames at a port from src to dst.
std::size_t
SeenAt(const CaptureLog& log, uint32_t port, Mac48Address src, Mac48Address dst)
{
    std::size_t n = 0;
    for (const auto& s : log.AtPort(port))
    {
        n += s.header.GetSource() == src && s.header.GetDestination() == dst ? 1 : 0;
    }
    return n;
}

/// An ESXi host whose only switch is a distributed one, "DSwitch", on all its NICs.
Ptr<EsxiHost>
DvsHost(Lab& lab,
        const std::string& name,
        const std::vector<std::string>& nics = {"vmnic0", "vmnic1"})
{
    Ptr<EsxiHost> h = lab.BareHost(name, nics);
    h->AddVSwitch("DSwitch", nics, VSwitch::Distributed);
    return h;
}

/// What the data path of a port group actually does, key by key.
struct Observed
{
    PolicySetting promiscuous;     //!< a guest-promiscuous VM saw unicast for another VM
    PolicySetting macChanges;      //!< a VM that changed its MAC still received frames
    PolicySetting forgedTransmits; //!< a frame with a foreign source MAC left the host
};

/**
 * Put four VMs on a port group and watch the three security settings at work: a spy in
 * guest promiscuous mode, a VM that changes its MAC, a sender that also forges its source.
 * Runs (and ends) the simulation.
 */
Observed
ObserveSecurity(Lab& lab, Ptr<EsxiHost> h, const std::string& pg)
{
    Ptr<VSwitch> vs = h->GetPortGroup(pg)->GetVSwitch();
    auto sender = lab.Vm(h, pg, "");
    auto target = lab.Vm(h, pg, "");
    auto changer = lab.Vm(h, pg, "");
    auto spy = lab.Vm(h, pg, "");
    Lab::Vnic(spy)->SetGuestPromiscuous(true);
    Mac48Address newMac = VnicNetDevice::AllocateVmwareMac(0);
    Mac48Address foreign = VnicNetDevice::AllocateVmwareMac(0);
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    Simulator::Schedule(Seconds(0.5), &ChangeMac, Lab::Vnic(changer), newMac);
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(sender), Lab::MacOf(target), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(sender), newMac, 100);
    Simulator::Schedule(Seconds(3),
                        &SendRawFrom,
                        Lab::Nic(sender),
                        foreign,
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    Observed o;
    o.promiscuous =
        vnicRx.CountTo(Lab::MacOf(target), h->GetVmPort(spy)->GetPortId()) > 0 ? kAccept : kReject;
    o.macChanges =
        vnicRx.CountTo(newMac, h->GetVmPort(changer)->GetPortId()) > 0 ? kAccept : kReject;
    o.forgedTransmits = uplinkSnd.CountFrom(foreign) > 0 ? kAccept : kReject;
    return o;
}

class SecurityTest : public SimulationTest
{
  protected:
    /// One host (two uplinks), port group "PG" in VLAN 100 with the given overrides.
    void OneHost(const SecurityPolicy& overrides = SecurityPolicy())
    {
        h1 = lab.Host("esxi01");
        h1->AddPortGroup("PG", 100)->SetSecurityOverride(overrides);
        vs = h1->GetVSwitch();
    }

    uint32_t PortId(Ptr<Node> vm)
    {
        return h1->GetVmPort(vm)->GetPortId();
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<VSwitch> vs;
};

} // namespace

// =========================================================================================
// Section 5: promiscuous mode

TEST_F(SecurityTest, Promiscuous_RejectDeliversOnlyFramesForTheVnicsOwnMacAndBum)
{
    OneHost(); // promiscuous: reject (the default)
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    auto spy = lab.Vm(h1, "PG", "");
    Lab::Vnic(spy)->SetGuestPromiscuous(true);
    ASSERT_FALSE(h1->GetVmPort(spy)->IsPromiscuous());
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Lab::MacOf(vm2), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm1), Lab::MacOf(spy), 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm2), PortId(vm2)), 1u);
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm2), PortId(spy)), 0u)
        << "a VM saw unicast for another VM though promiscuous mode is rejected";
    EXPECT_EQ(vnicRx.CountTo(Mac48Address::GetBroadcast(), PortId(spy)), 1u) << "BUM is delivered";
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(spy), PortId(spy)), 1u) << "its own unicast is delivered";
}

TEST_F(SecurityTest, Promiscuous_AcceptSeesEveryFrameOfItsVlanLikeAHubPort)
{
    OneHost(Security(kAccept, kInherit, kInherit));
    h1->AddPortGroup("PG200", 200)->SetSecurityOverride(Security(kAccept, kInherit, kInherit));
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    auto spy = lab.Vm(h1, "PG", "");
    auto vm3 = lab.Vm(h1, "PG200", "");
    auto vm4 = lab.Vm(h1, "PG200", "");
    // Another port group of the same VLAN: the spy's VLAN is what counts (doc/vswitch.rst,
    // its readings of the spec: "within the port group (and VLAN)" read as the VLAN).
    h1->AddPortGroup("PG100b", 100);
    auto vm5 = lab.Vm(h1, "PG100b", "");
    auto vm6 = lab.Vm(h1, "PG100b", "");
    Lab::Vnic(spy)->SetGuestPromiscuous(true);
    ASSERT_TRUE(h1->GetVmPort(spy)->IsPromiscuous());
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Lab::MacOf(vm2), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(vm2), Lab::MacOf(vm1), 100);
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm3), Lab::MacOf(vm4), 100);
    Simulator::Schedule(Seconds(4), &SendRaw, Lab::Nic(vm5), Lab::MacOf(vm6), 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm6), PortId(spy)), 1u)
        << "a frame of another port group of the same VLAN";
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm2), PortId(spy)), 1u);
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm1), PortId(spy)), 1u);
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm2), PortId(vm2)), 1u) << "the addressee still gets it";
    EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(vm4), PortId(spy)), 0u)
        << "a promiscuous port saw a frame of another VLAN";
}

TEST_F(SecurityTest, Promiscuous_AcceptTakesEffectOnlyWhenTheGuestIsPromiscuous)
{
    OneHost(Security(kAccept, kInherit, kInherit));
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    auto spy = lab.Vm(h1, "PG", ""); // the guest has not asked for promiscuous mode
    ASSERT_FALSE(h1->GetVmPort(spy)->IsPromiscuous());
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), Lab::MacOf(vm2), 100);
    Simulator::Schedule(Seconds(2), &SetGuestPromiscuous, Lab::Vnic(spy), true);
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm1), Lab::MacOf(vm2), 200);
    Simulator::Schedule(Seconds(4), &SetGuestPromiscuous, Lab::Vnic(spy), false);
    Simulator::Schedule(Seconds(5), &SendRaw, Lab::Nic(vm1), Lab::MacOf(vm2), 300);
    Simulator::Run();
    std::vector<uint32_t> sizes;
    for (const auto& s : vnicRx.AtPort(PortId(spy)))
    {
        sizes.push_back(s.size);
    }
    ASSERT_EQ(sizes.size(), 1u) << "only the frame sent while the guest was promiscuous";
    EXPECT_GT(sizes[0], 200u);
    EXPECT_LT(sizes[0], 300u);
}

// =========================================================================================
// Section 5: MAC address changes (the guest changes its effective MAC at run time)

TEST_F(SecurityTest, MacChanges_RejectStopsAllFramesToAVnicWhoseGuestChangedItsMac)
{
    OneHost(Security(kInherit, kReject, kInherit));
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    Ptr<VnicNetDevice> vnic2 = Lab::Vnic(vm2);
    Mac48Address initial = Lab::MacOf(vm2);
    Mac48Address changed("00:50:56:3f:00:02");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    uint32_t port = PortId(vm2);
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm1), initial, 100);
    Simulator::Schedule(Seconds(2), &ChangeMac, vnic2, changed);
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm1), changed, 100);
    Simulator::Schedule(Seconds(4), &SendRaw, Lab::Nic(vm1), Mac48Address::GetBroadcast(), 100);
    // Back to the initial MAC: frames flow again.
    Simulator::Schedule(Seconds(5), &ChangeMac, vnic2, initial);
    Simulator::Schedule(Seconds(6), &SendRaw, Lab::Nic(vm1), initial, 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(initial, port), 2u) << "before the change and after changing back";
    EXPECT_EQ(vnicRx.CountTo(changed, port), 0u);
    EXPECT_EQ(vnicRx.CountTo(Mac48Address::GetBroadcast(), port), 0u)
        << "with MAC changes rejected no inbound frame reaches the vNIC, BUM included";
    EXPECT_EQ(drops.Drops(DropReason::MacChange, port), 2u);
}

TEST_F(SecurityTest, MacChanges_AcceptDeliversToTheNewEffectiveMacAndNoLongerToTheOldOne)
{
    OneHost(); // standard switch: MAC address changes accept
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    Mac48Address initial = Lab::MacOf(vm2);
    Mac48Address changed("00:50:56:3f:00:03");
    Ptr<VSwitchPort> port = h1->GetVmPort(vm2);
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    Simulator::Schedule(Seconds(1), &ChangeMac, Lab::Vnic(vm2), changed);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(vm1), changed, 100);
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm1), initial, 100);
    Simulator::Run();
    EXPECT_EQ(port->GetEffectiveMac(), changed);
    EXPECT_EQ(port->GetInitialMac(), initial);
    EXPECT_EQ(vnicRx.CountTo(changed, port->GetPortId()), 1u);
    EXPECT_EQ(uplinkSnd.CountTo(changed), 0u) << "a frame to the new MAC left the host";
    EXPECT_EQ(vnicRx.CountTo(initial, port->GetPortId()), 0u);
    EXPECT_EQ(uplinkSnd.CountTo(initial), 1u) << "the old MAC is no longer local";
}

// =========================================================================================
// Section 5: forged transmits

TEST_F(SecurityTest, Forged_RejectDropsFramesWhoseSourceIsNotTheEffectiveMac)
{
    OneHost(Security(kInherit, kInherit, kReject));
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    Mac48Address forged("00:50:56:3f:00:04");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1), &SendRawFrom, Lab::Nic(vm1), forged, Lab::MacOf(vm2));
    Simulator::Schedule(Seconds(2),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        forged,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(3),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        Lab::MacOf(vm1),
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    EXPECT_EQ(drops.Drops(DropReason::ForgedTransmit, PortId(vm1)), 2u);
    EXPECT_EQ(vnicRx.CountFrom(forged), 0u);
    EXPECT_EQ(uplinkSnd.CountFrom(forged), 0u);
    EXPECT_EQ(vnicRx.CountFrom(Lab::MacOf(vm1), PortId(vm2)), 1u) << "its own MAC passes";
    EXPECT_EQ(uplinkSnd.CountFrom(Lab::MacOf(vm1)), 1u);
}

TEST_F(SecurityTest, Forged_AcceptLetsForeignSourceMacsThrough)
{
    OneHost(); // standard switch: forged transmits accept
    auto vm1 = lab.Vm(h1, "PG", "");
    auto vm2 = lab.Vm(h1, "PG", "");
    Mac48Address forged("00:50:56:3f:00:05");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1), &SendRawFrom, Lab::Nic(vm1), forged, Lab::MacOf(vm2));
    Simulator::Schedule(Seconds(2),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        forged,
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    EXPECT_EQ(drops.Drops(DropReason::ForgedTransmit), 0u);
    EXPECT_EQ(SeenAt(vnicRx, PortId(vm2), forged, Lab::MacOf(vm2)), 1u);
    EXPECT_EQ(uplinkSnd.CountFrom(forged), 1u) << "the broadcast leaves the host";
}

TEST_F(SecurityTest, Forged_ComparesWithTheEffectiveMacByDefaultOrTheInitialMacByAttribute)
{
    for (bool initial : {false, true})
    {
        Lab l;
        if (initial)
        {
            l.esxi.SetVSwitchAttribute("ForgedTransmitsCompare", StringValue("initial"));
        }
        auto h = l.Host("esxi01");
        h->AddPortGroup("PG", 100)->SetSecurityOverride(Security(kInherit, kAccept, kReject));
        auto vm1 = l.Vm(h, "PG", "");
        Mac48Address initialMac = Lab::MacOf(vm1);
        Mac48Address effective("00:50:56:3f:00:06");
        CaptureLog uplinkSnd(h->GetVSwitch(), "UplinkSnd");
        CaptureLog drops(h->GetVSwitch(), "Drop");
        Simulator::Schedule(Seconds(1), &ChangeMac, Lab::Vnic(vm1), effective);
        Simulator::Schedule(Seconds(2),
                            &SendRawFrom,
                            Lab::Nic(vm1),
                            effective,
                            Mac48Address::GetBroadcast());
        Simulator::Schedule(Seconds(3),
                            &SendRawFrom,
                            Lab::Nic(vm1),
                            initialMac,
                            Mac48Address::GetBroadcast());
        Simulator::Run();
        EXPECT_EQ(uplinkSnd.CountFrom(effective), initial ? 0u : 1u) << "initial=" << initial;
        EXPECT_EQ(uplinkSnd.CountFrom(initialMac), initial ? 1u : 0u) << "initial=" << initial;
        EXPECT_EQ(drops.Drops(DropReason::ForgedTransmit), 1u) << "initial=" << initial;
        Simulator::Destroy();
    }
}

// =========================================================================================
// Section 5: switch defaults by type and release, port-group overrides key by key

TEST_F(SecurityTest, Defaults_StandardSwitchRejectsPromiscuousAcceptsMacChangesAndForged)
{
    OneHost();
    SecurityPolicy sw = vs->GetSecurityPolicy();
    EXPECT_EQ(Str(sw.promiscuous), "reject");
    EXPECT_EQ(Str(sw.macChanges), "accept");
    EXPECT_EQ(Str(sw.forgedTransmits), "accept");
    Observed o = ObserveSecurity(lab, h1, "PG");
    EXPECT_EQ(Str(o.promiscuous), "reject");
    EXPECT_EQ(Str(o.macChanges), "accept");
    EXPECT_EQ(Str(o.forgedTransmits), "accept");
}

TEST_F(SecurityTest, Defaults_DistributedSwitchRejectsAllThree)
{
    h1 = DvsHost(lab, "esxi01");
    h1->AddPortGroup("DPG", 100);
    SecurityPolicy sw = h1->GetVSwitch("DSwitch")->GetSecurityPolicy();
    EXPECT_EQ(Str(sw.promiscuous), "reject");
    EXPECT_EQ(Str(sw.macChanges), "reject");
    EXPECT_EQ(Str(sw.forgedTransmits), "reject");
    Observed o = ObserveSecurity(lab, h1, "DPG");
    EXPECT_EQ(Str(o.promiscuous), "reject");
    EXPECT_EQ(Str(o.macChanges), "reject");
    EXPECT_EQ(Str(o.forgedTransmits), "reject");
}

TEST_F(SecurityTest, Defaults_VSphere7SwitchesOfEitherTypeRejectAllThree)
{
    for (auto type : {VSwitch::Standard, VSwitch::Distributed})
    {
        Lab l;
        l.esxi.SetVSwitchAttribute("SecurityDefaults", StringValue("vsphere7"));
        auto h = l.BareHost("esxi01");
        h->AddVSwitch("sw", {"vmnic0", "vmnic1"}, type);
        h->AddPortGroup("PG", 100);
        SecurityPolicy sw = h->GetVSwitch("sw")->GetSecurityPolicy();
        EXPECT_EQ(sw, Security(kReject, kReject, kReject)) << sw.ToString();
        Observed o = ObserveSecurity(l, h, "PG");
        EXPECT_EQ(Str(o.promiscuous), "reject") << "type " << int(type);
        EXPECT_EQ(Str(o.macChanges), "reject") << "type " << int(type);
        EXPECT_EQ(Str(o.forgedTransmits), "reject") << "type " << int(type);
        Simulator::Destroy();
    }
}

TEST_F(SecurityTest, Overrides_PortGroupOverridesTheSwitchKeyByKeyAndFollowsItElsewhere)
{
    // Phase 1: the switch rejects everything; the group overrides forged transmits only.
    // Phase 2: the switch then accepts promiscuous and MAC changes and rejects forged
    // transmits; the group's unset keys follow, its override stays.
    for (int phase = 1; phase <= 2; ++phase)
    {
        Lab l;
        auto h = l.Host("esxi01");
        Ptr<VSwitch> s = h->GetVSwitch();
        auto pg = h->AddPortGroup("PG", 100);
        auto plain = h->AddPortGroup("Plain", 200);
        s->SetSecurityPolicy(Security(kReject, kReject, kReject));
        pg->SetSecurityOverride(Security(kInherit, kInherit, kAccept));
        if (phase == 2)
        {
            s->SetSecurityPolicy(Security(kAccept, kAccept, kReject));
        }
        PolicySetting follow = phase == 1 ? kReject : kAccept;
        SecurityPolicy eff = pg->GetEffectiveSecurity();
        EXPECT_EQ(Str(eff.promiscuous), Str(follow)) << "phase " << phase;
        EXPECT_EQ(Str(eff.macChanges), Str(follow)) << "phase " << phase;
        EXPECT_EQ(Str(eff.forgedTransmits), "accept") << "phase " << phase;
        EXPECT_EQ(Str(pg->GetSecurityOverride().promiscuous), "inherit");
        EXPECT_EQ(plain->GetEffectiveSecurity(), s->GetSecurityPolicy()) << "phase " << phase;

        Observed o = ObserveSecurity(l, h, "PG");
        EXPECT_EQ(Str(o.promiscuous), Str(follow)) << "phase " << phase;
        EXPECT_EQ(Str(o.macChanges), Str(follow)) << "phase " << phase;
        EXPECT_EQ(Str(o.forgedTransmits), "accept") << "phase " << phase;
        Simulator::Destroy();

        Lab l2; // the group without overrides, same switch settings: the switch's all through
        auto h2 = l2.Host("esxi02");
        h2->AddPortGroup("Plain", 200);
        h2->GetVSwitch()->SetSecurityPolicy(Security(kReject, kReject, kReject));
        if (phase == 2)
        {
            h2->GetVSwitch()->SetSecurityPolicy(Security(kAccept, kAccept, kReject));
        }
        Observed p = ObserveSecurity(l2, h2, "Plain");
        EXPECT_EQ(Str(p.promiscuous), Str(follow)) << "phase " << phase;
        EXPECT_EQ(Str(p.macChanges), Str(follow)) << "phase " << phase;
        EXPECT_EQ(Str(p.forgedTransmits), "reject") << "phase " << phase;
        Simulator::Destroy();
    }
}

TEST_F(SecurityTest, Overrides_ChangingAnOverrideAtRunTimeTakesEffectAtOnce)
{
    OneHost();
    auto vm1 = lab.Vm(h1, "PG", "");
    Mac48Address forged("00:50:56:3f:00:07");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    Ptr<PortGroup> pg = h1->GetPortGroup("PG");
    for (int i = 0; i < 3; ++i)
    {
        Simulator::Schedule(Seconds(1 + 2 * i),
                            &SendRawFrom,
                            Lab::Nic(vm1),
                            forged,
                            Mac48Address::GetBroadcast());
    }
    Simulator::Schedule(Seconds(2),
                        &PortGroup::SetSecurityOverride,
                        pg,
                        Security(kInherit, kInherit, kReject));
    Simulator::Schedule(Seconds(4), &PortGroup::SetSecurityOverride, pg, SecurityPolicy());
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(forged), 2u) << "accepted, rejected, accepted (inherited) again";
}

// =========================================================================================
// Section 5: what a promiscuous VM on host H sees (seed 0), row by row

namespace
{
/// Host H with two uplinks, VMs vm1 and vm2, and two promiscuous spies, one per uplink.
struct PromiscuousLab
{
    explicit PromiscuousLab(Lab& lab)
    {
        h = lab.Host("esxi01");
        h->AddPortGroup("PG", 100)->SetSecurityOverride(Security(kAccept, kInherit, kInherit));
        vs = h->GetVSwitch();
        vm1 = lab.Vm(h, "PG", "");
        vm2 = lab.Vm(h, "PG", "");
        for (int i = 0; i < 4 && (!spyOn1 || !spyOther); ++i)
        {
            auto spy = lab.Vm(h, "PG", "");
            Lab::Vnic(spy)->SetGuestPromiscuous(true);
            bool same = h->GetVmPort(spy)->GetTeamUplink() == h->GetVmPort(vm1)->GetTeamUplink();
            if (same && !spyOn1)
            {
                spyOn1 = spy;
            }
            else if (!same && !spyOther)
            {
                spyOther = spy;
            }
        }
        ext1 = lab.External(100, "");
        ext2 = lab.External(100, "");
    }

    uint32_t Port(Ptr<Node> vm) const
    {
        return h->GetVmPort(vm)->GetPortId();
    }

    Ptr<EsxiHost> h;
    Ptr<VSwitch> vs;
    Ptr<Node> vm1, vm2;
    Ptr<Node> spyOn1;   //!< promiscuous, on vm1's uplink
    Ptr<Node> spyOther; //!< promiscuous, on the other uplink
    Ptr<Node> ext1, ext2;
};

} // namespace

TEST_F(SecurityTest, PromiscuousTable_VmOnHToVmOnHIsSeen)
{
    PromiscuousLab p(lab);
    ASSERT_TRUE(p.spyOn1 && p.spyOther);
    CaptureLog vnicRx(p.vs, "VnicRx");
    CaptureLog uplinkSnd(p.vs, "UplinkSnd");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(p.vm1), Lab::MacOf(p.vm2), 100);
    Simulator::Run();
    Mac48Address a = Lab::MacOf(p.vm1);
    Mac48Address b = Lab::MacOf(p.vm2);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOn1), a, b), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOther), a, b), 1u);
    EXPECT_EQ(uplinkSnd.CountFrom(a), 0u) << "local traffic left the host";
}

TEST_F(SecurityTest, PromiscuousTable_VmOnHToOutsideIsSeen)
{
    PromiscuousLab p(lab);
    ASSERT_TRUE(p.spyOn1 && p.spyOther);
    CaptureLog vnicRx(p.vs, "VnicRx");
    CaptureLog uplinkSnd(p.vs, "UplinkSnd");
    Mac48Address a = Lab::MacOf(p.vm1);
    Mac48Address x = Lab::MacOf(p.ext1);
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(p.ext1), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(p.vm1), x, 100);
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(a), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOn1), a, x), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOther), a, x), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.vm2), a, x), 0u) << "a non-promiscuous VM saw it";
}

TEST_F(SecurityTest, PromiscuousTable_OutsideToVmOnHIsSeenOnlyOnTheUplinkItArrivedOn)
{
    PromiscuousLab p(lab);
    ASSERT_TRUE(p.spyOn1 && p.spyOther);
    CaptureLog vnicRx(p.vs, "VnicRx");
    CaptureLog uplinkRcv(p.vs, "UplinkRcv");
    CaptureLog drops(p.vs, "Drop");
    Mac48Address a = Lab::MacOf(p.vm1);
    Mac48Address x = Lab::MacOf(p.ext1);
    // The physical switch learned vm1 behind vm1's uplink (RARP at connect).
    Simulator::Schedule(Seconds(6), &SendRaw, Lab::Nic(p.ext1), a, 100);
    Simulator::Run();
    uint32_t arrival = p.vs->GetUplinkPortId(p.h->GetVmPort(p.vm1)->GetTeamUplink());
    ASSERT_EQ(uplinkRcv.CountFrom(x), 1u);
    ASSERT_EQ(uplinkRcv.CountFrom(x, arrival), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.vm1), x, a), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOn1), x, a), 1u) << "its uplink is the arrival uplink";
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOther), x, a), 0u) << "reverse teaming holds promiscuous";
    EXPECT_EQ(drops.Drops(DropReason::ReverseTeaming, p.Port(p.spyOther)), 1u);
}

TEST_F(SecurityTest, PromiscuousTable_OutsideToOutsideIsNotSeenUnlessThePhysicalSwitchFloods)
{
    PromiscuousLab p(lab);
    ASSERT_TRUE(p.spyOn1 && p.spyOther);
    CaptureLog vnicRx(p.vs, "VnicRx");
    CaptureLog uplinkRcv(p.vs, "UplinkRcv");
    Mac48Address x = Lab::MacOf(p.ext1);
    Mac48Address y = Lab::MacOf(p.ext2);
    Mac48Address nowhere("00:50:56:3f:00:08");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(p.ext2), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(p.ext1), y, 100); // y is known: not flooded
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(p.ext1), nowhere, 100); // flooded
    Simulator::Run();
    EXPECT_EQ(uplinkRcv.CountTo(y), 0u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOn1), x, y), 0u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOther), x, y), 0u);
    // Flooded to both uplinks: each spy sees the copy of its own uplink, once.
    EXPECT_EQ(uplinkRcv.CountTo(nowhere), 2u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOn1), x, nowhere), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.spyOther), x, nowhere), 1u);
    EXPECT_EQ(SeenAt(vnicRx, p.Port(p.vm1), x, nowhere), 0u);
}

// =========================================================================================
// Section 5: nested ESXi (seed 4)

namespace
{
/**
 * An outer host esxi01 whose port group "Nested" (VLAN 100) carries nested01's vmnic0;
 * nested01 has "VM Network" (no VLAN) with the VM `inner`; a bare-metal host outside in
 * VLAN 100.
 */
struct NestedLab
{
    NestedLab(Lab& lab, const SecurityPolicy& outerOverride, VSwitch::Type type = VSwitch::Standard)
    {
        if (type == VSwitch::Standard)
        {
            outer = lab.Host("esxi01");
        }
        else
        {
            outer = DvsHost(lab, "esxi01");
        }
        outerSwitch = outer->GetVSwitch();
        outerPg = outer->AddPortGroup("Nested", 100);
        outerPg->SetSecurityOverride(outerOverride);
        nestedVm = CreateObject<Node>();
        nested = lab.esxi.InstallNested(outer, nestedVm, {"Nested"}, "nested01");
        nested->AddPortGroup("VM Network", 0);
        inner = lab.Vm(nested, "VM Network", "192.168.100.21/24");
        ext = lab.External(100, "192.168.100.50/24");
    }

    uint32_t NestedPort() const
    {
        return outer->GetVmPort(nestedVm)->GetPortId();
    }

    Ptr<EsxiHost> outer;
    Ptr<VSwitch> outerSwitch;
    Ptr<PortGroup> outerPg;
    Ptr<Node> nestedVm;
    Ptr<EsxiHost> nested;
    Ptr<Node> inner;
    Ptr<Node> ext;
};

class NestedTest : public SimulationTest
{
  protected:
    /**
     * The seed-4 matrix: the inner VM pings the bare-metal host with the outer port group's
     * promiscuous and forged transmits settings; returns the replies and fills the outer
     * switch's drops at the nested host's port.
     */
    uint32_t PingOut(PolicySetting promiscuous,
                     PolicySetting forged,
                     std::size_t* forgedDrops,
                     std::size_t* promiscuousDrops)
    {
        NestedLab n(lab, Security(promiscuous, kInherit, forged));
        CaptureLog drops(n.outerSwitch, "Drop");
        auto ping =
            Create<PingCounter>(n.inner, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(4.5));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        *forgedDrops = drops.Drops(DropReason::ForgedTransmit, n.NestedPort());
        *promiscuousDrops = drops.Drops(DropReason::Promiscuous, n.NestedPort());
        return ping->Replies();
    }

    Lab lab;
};
} // namespace

TEST_F(NestedTest, Nested_PromiscuousRejectForgedRejectCutsTheNestedVmOffAtForgedTransmits)
{
    std::size_t forged = 0;
    std::size_t promisc = 0;
    EXPECT_EQ(PingOut(kReject, kReject, &forged, &promisc), 0u);
    EXPECT_GT(forged, 0u) << "the nested VM's frames must be dropped as forged on the way out";
}

TEST_F(NestedTest, Nested_PromiscuousAcceptForgedRejectCutsTheNestedVmOffAtForgedTransmits)
{
    std::size_t forged = 0;
    std::size_t promisc = 0;
    EXPECT_EQ(PingOut(kAccept, kReject, &forged, &promisc), 0u);
    EXPECT_GT(forged, 0u) << "the nested VM's frames must be dropped as forged on the way out";
    EXPECT_EQ(promisc, 0u);
}

TEST_F(NestedTest, Nested_PromiscuousRejectForgedAcceptLosesTheRepliesAtPromiscuousMode)
{
    std::size_t forged = 0;
    std::size_t promisc = 0;
    EXPECT_EQ(PingOut(kReject, kAccept, &forged, &promisc), 0u);
    EXPECT_EQ(forged, 0u) << "forged transmits accept lets the requests out";
    EXPECT_GT(promisc, 0u) << "replies to the nested VM's MAC never reach the nested host";
}

TEST_F(NestedTest, Nested_PromiscuousAcceptForgedAcceptReachesTheOutside)
{
    std::size_t forged = 0;
    std::size_t promisc = 0;
    EXPECT_EQ(PingOut(kAccept, kAccept, &forged, &promisc), 4u);
    EXPECT_EQ(forged, 0u);
    EXPECT_EQ(promisc, 0u);
}

TEST_F(NestedTest, Nested_MacAddressChangesMayStayReject)
{
    NestedLab n(lab, Security(kAccept, kReject, kAccept));
    ASSERT_EQ(Str(n.outerPg->GetEffectiveSecurity().macChanges), "reject");
    CaptureLog drops(n.outerSwitch, "Drop");
    auto ping =
        Create<PingCounter>(n.inner, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(4.5));
    auto back =
        Create<PingCounter>(n.ext, Ipv4Address("192.168.100.21"), Seconds(1.5), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
    EXPECT_EQ(back->Replies(), 3u) << "the outside reaches the nested VM too";
    EXPECT_EQ(drops.Drops(DropReason::MacChange), 0u);
}

TEST_F(NestedTest, Nested_AnOverrideOnThePortGroupLimitsTheBlastRadius)
{
    // The same nested set-up with Accept/Accept set once on the port group and once on the
    // whole vSwitch; a guest-promiscuous VM on another port group of the same VLAN sees the
    // nested VM's unicast only in the second case.
    for (bool switchWide : {false, true})
    {
        Lab l;
        SecurityPolicy open = Security(kAccept, kInherit, kAccept);
        NestedLab n(l, switchWide ? SecurityPolicy() : open);
        if (switchWide)
        {
            n.outerSwitch->SetSecurityPolicy(open);
        }
        TeamingPolicy t; // everything on vmnic0, so that reverse teaming hides nothing
        t.loadBalancing = LoadBalancing::ExplicitFailover;
        n.outerSwitch->SetTeamingPolicy(t);
        n.outer->AddPortGroup("Other", 100);
        auto snoop = l.Vm(n.outer, "Other", "");
        Lab::Vnic(snoop)->SetGuestPromiscuous(true);
        EXPECT_EQ(n.outer->GetVmPort(snoop)->IsPromiscuous(), switchWide);
        CaptureLog vnicRx(n.outerSwitch, "VnicRx");
        auto ping =
            Create<PingCounter>(n.inner, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(4.5));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        EXPECT_EQ(ping->Replies(), 4u) << "switchWide=" << switchWide;
        uint32_t snoopPort = n.outer->GetVmPort(snoop)->GetPortId();
        EXPECT_EQ(vnicRx.CountTo(Lab::MacOf(n.inner), snoopPort) > 0, switchWide)
            << "switchWide=" << switchWide;
        Simulator::Destroy();
    }
}

TEST_F(NestedTest, Nested_DepthTwoWorksWhenEveryLevelAllowsIt)
{
    NestedLab n(lab, Security(kAccept, kInherit, kAccept));
    // nested02 runs inside nested01, on nested01's "Nested2" port group.
    Ptr<PortGroup> mid = n.nested->AddPortGroup("Nested2", 0);
    mid->SetSecurityOverride(Security(kAccept, kInherit, kAccept));
    auto vm2 = CreateObject<Node>();
    Ptr<EsxiHost> nested2 = lab.esxi.InstallNested(n.nested, vm2, {"Nested2"}, "nested02");
    nested2->AddPortGroup("VM Network", 0);
    auto deep = lab.Vm(nested2, "VM Network", "192.168.100.22/24");
    ASSERT_EQ(nested2->GetOuterHost(), n.nested);
    ASSERT_EQ(n.nested->GetOuterHost(), n.outer);
    CaptureLog outerRx(n.outerSwitch, "VnicRx");
    auto ping = Create<PingCounter>(deep, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(4.5));
    auto back =
        Create<PingCounter>(n.ext, Ipv4Address("192.168.100.22"), Seconds(1.5), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
    EXPECT_EQ(back->Replies(), 3u);
    EXPECT_GT(outerRx.CountTo(Lab::MacOf(deep), n.NestedPort()), 0u)
        << "replies reach the depth-2 VM through the outer host's port of nested01";
}

TEST_F(NestedTest, Nested_DepthTwoIsCutOffWhenTheMiddleHostRejectsForgedTransmits)
{
    NestedLab n(lab, Security(kAccept, kInherit, kAccept));
    Ptr<PortGroup> mid = n.nested->AddPortGroup("Nested2", 0);
    mid->SetSecurityOverride(Security(kAccept, kInherit, kReject));
    auto vm2 = CreateObject<Node>();
    Ptr<EsxiHost> nested2 = lab.esxi.InstallNested(n.nested, vm2, {"Nested2"}, "nested02");
    nested2->AddPortGroup("VM Network", 0);
    auto deep = lab.Vm(nested2, "VM Network", "192.168.100.22/24");
    CaptureLog midDrops(n.nested->GetVSwitch(), "Drop");
    auto ping = Create<PingCounter>(deep, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 0u);
    EXPECT_GT(midDrops.Drops(DropReason::ForgedTransmit, n.nested->GetVmPort(vm2)->GetPortId()),
              0u);
}

// =========================================================================================
// Section 6: MAC learning on a distributed switch

namespace
{
class MacLearningTest : public SimulationTest
{
  protected:
    /// A host with DSwitch; port group "Learn" (VLAN 100) with learning on (and the given
    /// extra settings) and forged transmits accept; "Plain" (VLAN 100) without learning.
    void Build(MacLearningPolicy learning = MacLearningPolicy(),
               const std::vector<std::string>& nics = {"vmnic0", "vmnic1"})
    {
        h1 = DvsHost(lab, "esxi01", nics);
        vs = h1->GetVSwitch("DSwitch");
        learning.enabled = true;
        auto pg = h1->AddPortGroup("Learn", 100);
        pg->SetMacLearningOverride(learning);
        pg->SetSecurityOverride(Security(kInherit, kInherit, kAccept));
        h1->AddPortGroup("Plain", 100);
        ext = lab.External(100, "");
    }

    uint32_t PortId(Ptr<Node> vm)
    {
        return h1->GetVmPort(vm)->GetPortId();
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<VSwitch> vs;
    Ptr<Node> ext;
};
} // namespace

TEST_F(MacLearningTest, MacLearning_NeedsADistributedSwitch)
{
    auto h = lab.Host("esxi01");
    auto pg = h->AddPortGroup("PG", 100);
    MacLearningPolicy on;
    on.enabled = true;
    ExpectConfigError([&] { pg->SetMacLearningOverride(on); }, {"MAC learning", "distributed"});
    ExpectConfigError([&] { h->GetVSwitch()->SetMacLearningPolicy(on); }, {"distributed"});
}

TEST_F(MacLearningTest, MacLearning_APortLearnsSourceMacsAndReceivesTheirFramesWithoutPromiscuous)
{
    Build();
    auto vm1 = lab.Vm(h1, "Learn", "");
    Mac48Address behind("00:50:56:3f:01:01");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        behind,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(ext), behind, 100);
    Simulator::Run();
    EXPECT_FALSE(h1->GetVmPort(vm1)->IsPromiscuous());
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u);
    EXPECT_EQ(vnicRx.CountTo(behind, PortId(vm1)), 1u);
    EXPECT_EQ(drops.Drops(DropReason::UnknownUnicast), 0u);
}

TEST_F(MacLearningTest, MacLearning_WithoutItAFrameToAMacBehindAPortIsUnknownUnicast)
{
    Build();
    auto vm1 = lab.Vm(h1, "Plain", "");
    h1->GetPortGroup("Plain")->SetSecurityOverride(Security(kInherit, kInherit, kAccept));
    Mac48Address behind("00:50:56:3f:01:02");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        behind,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(ext), behind, 100);
    Simulator::Run();
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 0u);
    EXPECT_EQ(vnicRx.CountTo(behind), 0u);
    EXPECT_EQ(drops.Drops(DropReason::UnknownUnicast), 1u);
}

TEST_F(MacLearningTest, MacLearning_UnknownUnicastFloodsToEveryPortWithLearningAndFloodingOn)
{
    // One uplink, so that the physical switch cannot flood a port's unknown unicast back in.
    Build(MacLearningPolicy(), {"vmnic0"}); // flooding not set: the default, on
    MacLearningPolicy noFlood;
    noFlood.enabled = true;
    noFlood.allowUnicastFlooding = false;
    h1->AddPortGroup("NoFlood", 100)->SetMacLearningOverride(noFlood);
    EXPECT_TRUE(*h1->GetPortGroup("Learn")->GetEffectiveMacLearning().allowUnicastFlooding);
    auto vm1 = lab.Vm(h1, "Learn", "");
    auto vm2 = lab.Vm(h1, "Learn", "");
    auto vm3 = lab.Vm(h1, "Plain", "");
    auto vm4 = lab.Vm(h1, "NoFlood", "");
    Mac48Address unknown("00:50:56:3f:01:03");
    Mac48Address unknown2("00:50:56:3f:01:04");
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(ext), unknown, 100);  // from an uplink
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(vm3), unknown2, 100); // from a port
    Simulator::Run();
    for (Mac48Address dst : {unknown, unknown2})
    {
        EXPECT_EQ(vnicRx.CountTo(dst, PortId(vm1)), 1u) << dst;
        EXPECT_EQ(vnicRx.CountTo(dst, PortId(vm2)), 1u) << dst;
        EXPECT_EQ(vnicRx.CountTo(dst, PortId(vm3)), 0u) << dst << ": no learning, no flood";
        EXPECT_EQ(vnicRx.CountTo(dst, PortId(vm4)), 0u) << dst << ": flooding off";
    }
}

TEST_F(MacLearningTest, MacLearning_LimitPolicyDropDropsFramesFromNewSourcesPastTheLimit)
{
    MacLearningPolicy l;
    l.limit = 2;
    l.limitPolicy = MacLimitPolicy::Drop;
    Build(l);
    auto vm1 = lab.Vm(h1, "Learn", "");
    std::vector<Mac48Address> macs = {Mac48Address("00:50:56:3f:02:01"),
                                      Mac48Address("00:50:56:3f:02:02"),
                                      Mac48Address("00:50:56:3f:02:03")};
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog drops(vs, "Drop");
    for (std::size_t i = 0; i < macs.size(); ++i)
    {
        Simulator::Schedule(Seconds(1 + i),
                            &SendRawFrom,
                            Lab::Nic(vm1),
                            macs[i],
                            Mac48Address::GetBroadcast());
    }
    Simulator::Schedule(Seconds(5),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        macs[0],
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 2u);
    EXPECT_EQ(uplinkSnd.CountFrom(macs[0]), 2u) << "a learned source still passes at the limit";
    EXPECT_EQ(uplinkSnd.CountFrom(macs[1]), 1u);
    EXPECT_EQ(uplinkSnd.CountFrom(macs[2]), 0u);
    EXPECT_EQ(drops.Drops(DropReason::MacLimit, PortId(vm1)), 1u);
}

TEST_F(MacLearningTest, MacLearning_LimitPolicyAllowForwardsButDoesNotLearn)
{
    MacLearningPolicy l;
    l.limit = 1;
    l.limitPolicy = MacLimitPolicy::Allow;
    l.allowUnicastFlooding = false;
    Build(l);
    auto vm1 = lab.Vm(h1, "Learn", "");
    Mac48Address first("00:50:56:3f:03:01");
    Mac48Address second("00:50:56:3f:03:02");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        first,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        second,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(ext), first, 100);
    Simulator::Schedule(Seconds(4), &SendRaw, Lab::Nic(ext), second, 100);
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(second), 1u) << "past the limit, allow: forwarded";
    EXPECT_EQ(drops.Drops(DropReason::MacLimit), 0u);
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u);
    EXPECT_EQ(vnicRx.CountTo(first, PortId(vm1)), 1u);
    EXPECT_EQ(vnicRx.CountTo(second), 0u) << "not learned: unknown unicast";
    EXPECT_EQ(drops.Drops(DropReason::UnknownUnicast), 1u);
}

TEST_F(MacLearningTest, MacLearning_TheLimitDefaultsTo4096WhichIsAlsoTheMaximum)
{
    Build();
    Ptr<PortGroup> pg = h1->GetPortGroup("Learn");
    EXPECT_EQ(*pg->GetEffectiveMacLearning().limit, 4096u);
    EXPECT_EQ(*pg->GetEffectiveMacLearning().limitPolicy, MacLimitPolicy::Drop);
    MacLearningPolicy tooMany;
    tooMany.limit = 4097;
    ExpectConfigError([&] { pg->SetMacLearningOverride(tooMany); }, {"4097", "1-4096"});
    MacLearningPolicy none;
    none.limit = 0;
    ExpectConfigError([&] { pg->SetMacLearningOverride(none); }, {"limit 0", "1-4096"});
    // And the data path holds it: 4096 sources learned, the 4097th dropped.
    auto vm1 = lab.Vm(h1, "Learn", "");
    CaptureLog drops(vs, "Drop");
    for (uint32_t i = 1; i <= 4097; ++i)
    {
        Simulator::Schedule(Seconds(1) + MicroSeconds(10 * i),
                            &SendRawFrom,
                            Lab::Nic(vm1),
                            EthernetVlanHeader::KeyToMac(0x005056100000ULL + i),
                            Mac48Address("00:50:56:3f:ff:ff"));
    }
    Simulator::Run();
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 4096u);
    EXPECT_EQ(drops.Drops(DropReason::MacLimit, PortId(vm1)), 1u);
}

TEST_F(MacLearningTest, MacLearning_UnusedEntriesAgeOut)
{
    MacLearningPolicy l;
    l.agingTime = Seconds(10);
    l.allowUnicastFlooding = false;
    Build(l);
    auto vm1 = lab.Vm(h1, "Learn", "");
    Mac48Address behind("00:50:56:3f:04:01");
    CaptureLog vnicRx(vs, "VnicRx");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        behind,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(5), &SendRaw, Lab::Nic(ext), behind, 100);  // 4 s unused
    Simulator::Schedule(Seconds(20), &SendRaw, Lab::Nic(ext), behind, 100); // 19 s unused
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(behind, PortId(vm1)), 1u);
    EXPECT_EQ(drops.Drops(DropReason::UnknownUnicast), 1u) << "the aged entry is unknown";
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 0u);
}

TEST_F(MacLearningTest, MacLearning_TheAgeingTimeIsAnAttributeDefaulting600s)
{
    Build();
    EXPECT_EQ(*h1->GetPortGroup("Learn")->GetEffectiveMacLearning().agingTime, Seconds(600));
    Lab l2;
    l2.esxi.SetVSwitchAttribute("MacLearningAgingTime", TimeValue(Seconds(42)));
    auto h = DvsHost(l2, "esxi02");
    auto pg = h->AddPortGroup("Learn", 100);
    MacLearningPolicy on;
    on.enabled = true;
    pg->SetMacLearningOverride(on);
    EXPECT_EQ(*pg->GetEffectiveMacLearning().agingTime, Seconds(42));
}

TEST_F(MacLearningTest, MacLearning_AMacOfAVnicOrVmknicOnTheHostIsNeverLearnedOnAnotherPort)
{
    h1 = lab.BareHost("esxi01", {"vmnic0", "vmnic1", "vmnic2"});
    vs = h1->AddVSwitch("DSwitch", {"vmnic0", "vmnic1"}, VSwitch::Distributed);
    h1->AddVSwitch("vSwitch0", {"vmnic2"});
    MacLearningPolicy on;
    on.enabled = true;
    on.allowUnicastFlooding = false;
    auto pg = h1->AddPortGroup("Learn", 100, "DSwitch");
    pg->SetMacLearningOverride(on);
    pg->SetSecurityOverride(Security(kInherit, kInherit, kAccept));
    h1->AddPortGroup("Plain", 100, "DSwitch");
    h1->AddPortGroup("Management", 0, "vSwitch0");
    Ptr<VnicNetDevice> vmk0 = h1->AddVmknic("vmk0", "Management");
    ext = lab.External(100, "");
    auto vm1 = lab.Vm(h1, "Learn", "");
    auto vm2 = lab.Vm(h1, "Plain", "");
    Mac48Address vm2Mac = Lab::MacOf(vm2);
    Mac48Address vmkMac = Mac48Address::ConvertFrom(vmk0->GetAddress());
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        vm2Mac,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        vmkMac,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(6), &SendRaw, Lab::Nic(ext), vm2Mac, 100);
    Simulator::Run();
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 0u);
    EXPECT_EQ(vnicRx.CountTo(vm2Mac, PortId(vm1)), 0u);
    EXPECT_EQ(vnicRx.CountTo(vm2Mac, PortId(vm2)), 1u);
}

TEST_F(MacLearningTest, MacLearning_NestedVmsReachTheOutsideWithoutPromiscuousMode)
{
    for (bool learning : {true, false})
    {
        Lab l;
        NestedLab n(l, Security(kReject, kInherit, kAccept), VSwitch::Distributed);
        MacLearningPolicy m;
        m.enabled = learning;
        n.outerPg->SetMacLearningOverride(m);
        CaptureLog drops(n.outerSwitch, "Drop");
        auto ping =
            Create<PingCounter>(n.inner, Ipv4Address("192.168.100.50"), Seconds(1), Seconds(4.5));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Ptr<VSwitchPort> port = n.outer->GetVmPort(n.nestedVm);
        EXPECT_FALSE(port->IsPromiscuous());
        EXPECT_EQ(ping->Replies(), learning ? 4u : 0u) << "learning=" << learning;
        EXPECT_EQ(port->GetLearnedMacCount() > 0, learning) << "learning=" << learning;
        EXPECT_EQ(drops.Drops(DropReason::Promiscuous, port->GetPortId()) > 0, !learning)
            << "learning=" << learning;
        Simulator::Destroy();
    }
}

// =========================================================================================
// Section 1: objects

namespace
{
class ObjectsTest : public SimulationTest
{
};
} // namespace

TEST_F(ObjectsTest, Objects_PortIdsArePortsetIndexShiftedLeft24OrPortNumber)
{
    Lab lab;
    auto h = lab.BareHost("esxi01", {"vmnic0", "vmnic1", "vmnic2"});
    Ptr<VSwitch> vss = h->AddVSwitch("vSwitch0", {"vmnic0"});
    Ptr<VSwitch> vds = h->AddVSwitch("DSwitch", {"vmnic1", "vmnic2"}, VSwitch::Distributed);
    h->AddPortGroup("PG", 100, "vSwitch0");
    h->AddPortGroup("DPG", 100, "DSwitch");
    EXPECT_NE(vss->GetPortsetIndex(), vds->GetPortsetIndex());
    EXPECT_EQ(vds->GetPortsetName(), "DvsPortset-" + std::to_string(vds->GetPortsetIndex()));
    EXPECT_EQ(vss->GetPortsetName(), "vSwitch0");
    // The seed's port: 50331657 = 0x03000009 is port 9 of portset 3.
    ASSERT_EQ(vss->GetPortsetIndex(), 3u);
    auto seedVm = CreateObject<Node>();
    h->AddVm(seedVm, "PG", Mac48Address(), 50331657u);
    EXPECT_EQ(h->GetVmPort(seedVm)->GetPortId(), 0x03000009u);
    std::set<uint32_t> ids;
    for (Ptr<VSwitch> s : {vss, vds})
    {
        for (int i = 0; i < 3; ++i)
        {
            lab.Vm(h, s == vss ? "PG" : "DPG", "");
        }
        for (const auto& name : s->GetUplinkNames())
        {
            uint32_t id = s->GetUplinkPortId(name);
            EXPECT_EQ(id >> 24, s->GetPortsetIndex()) << name;
            EXPECT_TRUE(ids.insert(id).second) << "duplicate port ID " << id;
        }
        for (const auto& p : s->GetPorts())
        {
            EXPECT_EQ(p->GetPortId() >> 24, s->GetPortsetIndex()) << p->GetClientName();
            EXPECT_NE(p->GetPortId() & 0xffffff, 0u);
            EXPECT_TRUE(ids.insert(p->GetPortId()).second) << "duplicate " << p->GetPortId();
        }
    }
    // A port ID of another portset, or one already used, is refused.
    ExpectConfigError([&] { h->AddVm(CreateObject<Node>(), "PG", Mac48Address(), 0x04000009u); },
                      {"67108873", "portset 3"});
    ExpectConfigError([&] { h->AddVm(CreateObject<Node>(), "PG", Mac48Address(), 50331657u); },
                      {"50331657", "already used"});
    Simulator::Destroy();
}

TEST_F(ObjectsTest, Objects_SwitchDevicesAreBridgesOnTheirNodeAndRefuseEndpointSends)
{
    // A vSwitch and a physical switch are NetDevices on their node that bridge their ports;
    // neither is an endpoint: Send()/SendFrom() are refused and put nothing on a wire.
    Lab lab;
    auto h = lab.Host("esxi01");
    h->AddPortGroup("PG", 0);
    Ptr<VSwitch> vs = h->GetVSwitch();
    Ptr<PhysicalSwitch> sw = lab.sw;
    for (Ptr<NetDevice> dev : {Ptr<NetDevice>(vs), Ptr<NetDevice>(sw)})
    {
        const std::string what = dev->GetInstanceTypeId().GetName();
        EXPECT_TRUE(dev->IsBridge()) << what;
        EXPECT_FALSE(dev->NeedsArp()) << what;
        EXPECT_FALSE(dev->SupportsSendFrom()) << what;
        EXPECT_TRUE(dev->IsLinkUp()) << what;
        EXPECT_EQ(dev->GetChannel(), nullptr) << what;
        EXPECT_NE(dev->GetNode(), nullptr) << what;
        EXPECT_EQ(dev->GetNode()->GetDevice(dev->GetIfIndex()), dev) << what;
        EXPECT_EQ(dev->GetMtu(), 1500) << what;
        dev->SetAttribute("Mtu", UintegerValue(9000));
        EXPECT_EQ(dev->GetMtu(), 9000) << what;
        EXPECT_FALSE(dev->Send(Create<Packet>(100), Mac48Address::GetBroadcast(), 0x0800)) << what;
        EXPECT_FALSE(dev->SendFrom(Create<Packet>(100),
                                   Mac48Address("00:50:56:00:00:01"),
                                   Mac48Address::GetBroadcast(),
                                   0x0800))
            << what;
    }
    Simulator::Run();
    for (const auto& uplink : vs->GetUplinks())
    {
        EXPECT_EQ(uplink.txFrames, 0u) << uplink.name;
    }
    Simulator::Destroy();
}

TEST_F(ObjectsTest, Objects_UplinkPortIdsGetBit31WhenTheAttributeSaysSo)
{
    for (bool bit31 : {false, true})
    {
        Lab lab;
        lab.esxi.SetVSwitchAttribute("UplinkPortIdBit31", BooleanValue(bit31));
        auto h = lab.Host("esxi01");
        h->AddPortGroup("PG", 0);
        auto vm = lab.Vm(h, "PG", "");
        Ptr<VSwitch> vs = h->GetVSwitch();
        for (const auto& name : vs->GetUplinkNames())
        {
            EXPECT_EQ((vs->GetUplinkPortId(name) & 0x80000000u) != 0, bit31) << name;
            EXPECT_EQ((vs->GetUplinkPortId(name) >> 24) & 0x7f, vs->GetPortsetIndex());
        }
        EXPECT_EQ(h->GetVmPort(vm)->GetPortId() & 0x80000000u, 0u) << "only uplinks";
        Simulator::Destroy();
    }
}

TEST_F(ObjectsTest, Objects_MacsComeFromVmwareRangesByDefault)
{
    Lab lab;
    auto h = lab.Host("esxi01");
    h->AddPortGroup("PG", 0);
    h->AddPortGroup("Management", 0);
    std::set<Mac48Address> macs;
    auto checkOui = [&macs](Mac48Address mac, const std::string& what) {
        uint8_t b[6];
        mac.CopyTo(b);
        bool vmware = (b[0] == 0x00 && b[1] == 0x50 && b[2] == 0x56) ||
                      (b[0] == 0x00 && b[1] == 0x0c && b[2] == 0x29);
        EXPECT_TRUE(vmware) << what << " " << mac << " is not from VMware's OUIs";
        EXPECT_TRUE(macs.insert(mac).second) << what << " " << mac << " is not unique";
    };
    for (int i = 0; i < 5; ++i)
    {
        auto vm = lab.Vm(h, "PG", "");
        checkOui(Lab::MacOf(vm), "VM vNIC");
        EXPECT_EQ(Lab::Vnic(vm)->GetInitialAddress(), Lab::MacOf(vm)) << "initial = effective";
    }
    Ptr<VnicNetDevice> vmk = h->AddVmknic("vmk0", "Management");
    checkOui(Mac48Address::ConvertFrom(vmk->GetAddress()), "vmknic");
    auto nestedVm = CreateObject<Node>();
    lab.esxi.InstallNested(h, nestedVm, {"PG"}, "nested01");
    checkOui(Lab::MacOf(nestedVm), "nested host's vmnic0");
    // A MAC given explicitly is used as is; a duplicate is refused.
    Mac48Address own("02:00:00:00:00:01");
    auto vmOwn = CreateObject<Node>();
    h->AddVm(vmOwn, "PG", own);
    EXPECT_EQ(Lab::MacOf(vmOwn), own);
    ExpectConfigError([&] { h->AddVm(CreateObject<Node>(), "PG", own); },
                      {"02:00:00:00:00:01", "already used"});
    Simulator::Destroy();
}

TEST_F(ObjectsTest, Objects_VlanIdsAre0None1To4094SwitchTagging4095GuestTaggingElseAnError)
{
    Lab lab;
    auto h = lab.Host("esxi01");
    for (uint16_t vlan : {0, 1, 4094, 4095})
    {
        EXPECT_EQ(h->AddPortGroup("PG" + std::to_string(vlan), vlan)->GetVlanId(), vlan);
    }
    ExpectConfigError([&] { h->AddPortGroup("Bad", 4096); }, {"Bad", "VLAN 4096", "0-4095"});
    ExpectConfigError([&] { h->GetPortGroup("PG1")->SetVlanId(4096); },
                      {"PG1", "VLAN 4096", "0-4095"});
    EXPECT_EQ(h->GetPortGroup("PG1")->GetVlanId(), 1) << "a refused change leaves the VLAN";
    EXPECT_FALSE(h->GetVSwitch()->HasPortGroup("Bad")) << "a refused group is not half-built";
    Simulator::Destroy();
}

TEST_F(ObjectsTest, Objects_ChangingAPortGroupsVlanChangesHowItsFramesAreTagged)
{
    // One port group goes through the three modes; a frame from its VM each time.
    Lab lab;
    auto h = lab.Host("esxi01");
    Ptr<PortGroup> pg = h->AddPortGroup("PG", 0);
    auto vm = lab.Vm(h, "PG", "");
    CaptureLog uplinkSnd(h->GetVSwitch(), "UplinkSnd");
    CaptureLog drops(h->GetVSwitch(), "Drop");
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(vm), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(2), &PortGroup::SetVlanId, pg, uint16_t(100));
    Simulator::Schedule(Seconds(3), &SendRaw, Lab::Nic(vm), Mac48Address::GetBroadcast(), 100);
    Simulator::Schedule(Seconds(4), &PortGroup::SetVlanId, pg, uint16_t(4095));
    Simulator::Schedule(Seconds(5), &SendRaw, Lab::Nic(vm), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    std::vector<int> tags;
    for (const auto& s : uplinkSnd.All())
    {
        if (s.header.GetSource() == Lab::MacOf(vm))
        {
            tags.push_back(s.header.HasVlanTag() ? s.header.GetVlanId() : -1);
        }
    }
    // VLAN 0: untagged. VLAN 100: tagged by the switch. 4095: the guest sends untagged, so
    // the frame leaves untagged (the guest owns the tags).
    EXPECT_EQ(tags, (std::vector<int>{-1, 100, -1}));
    EXPECT_EQ(drops.Drops(DropReason::Vlan), 0u);
    Simulator::Destroy();
}

// =========================================================================================
// Defects found in review (the rules they broke)

// Spec section 6: unused learned entries are removed after the ageing time, and so free the
// port's limit, whether or not something looked them up.
TEST_F(MacLearningTest, MacLearning_IdleEntriesAgeOutAndFreeThePortsLimit)
{
    MacLearningPolicy l;
    l.limit = 2;
    l.limitPolicy = MacLimitPolicy::Drop;
    l.agingTime = Seconds(10);
    Build(l);
    auto vm1 = lab.Vm(h1, "Learn", "");
    Mac48Address a("00:50:56:3f:05:01");
    Mac48Address b("00:50:56:3f:05:02");
    Mac48Address c("00:50:56:3f:05:03");
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog drops(vs, "Drop");
    Mac48Address bc = Mac48Address::GetBroadcast();
    Simulator::Schedule(Seconds(1), &SendRawFrom, Lab::Nic(vm1), a, bc);
    Simulator::Schedule(Seconds(2), &SendRawFrom, Lab::Nic(vm1), b, bc);
    // Both fall silent; nobody sends to them. 20 s later a third source speaks.
    Simulator::Schedule(Seconds(22), &SendRawFrom, Lab::Nic(vm1), c, bc);
    Simulator::Run();
    EXPECT_EQ(drops.Drops(DropReason::MacLimit), 0u) << "the idle entries kept the limit full";
    EXPECT_EQ(uplinkSnd.CountFrom(c), 1u);
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u) << "a and b aged out, c learned";
}

// Spec section 5 with section 6: MAC learning lets a port send from the MACs it learns; a
// source it can never learn (another local vNIC's MAC, a group MAC, one over the limit with
// limit policy allow) still meets Forged transmits Reject.
TEST_F(MacLearningTest, MacLearning_ForgedTransmitsRejectStillDropsSourcesThePortCannotLearn)
{
    MacLearningPolicy l;
    l.limit = 1;
    l.limitPolicy = MacLimitPolicy::Allow;
    Build(l);
    h1->GetPortGroup("Learn")->SetSecurityOverride(Security(kInherit, kInherit, kReject));
    auto vm1 = lab.Vm(h1, "Learn", "");
    auto vm2 = lab.Vm(h1, "Plain", "");
    Mac48Address learnable("00:50:56:3f:06:01");
    Mac48Address overLimit("00:50:56:3f:06:02");
    Mac48Address group("01:00:5e:00:00:fb");
    Mac48Address bc = Mac48Address::GetBroadcast();
    CaptureLog uplinkSnd(vs, "UplinkSnd");
    CaptureLog drops(vs, "Drop");
    Simulator::Schedule(Seconds(1), &SendRawFrom, Lab::Nic(vm1), learnable, bc);
    Simulator::Schedule(Seconds(2), &SendRawFrom, Lab::Nic(vm1), Lab::MacOf(vm2), bc);
    Simulator::Schedule(Seconds(3), &SendRawFrom, Lab::Nic(vm1), group, bc);
    Simulator::Schedule(Seconds(4), &SendRawFrom, Lab::Nic(vm1), overLimit, bc);
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(learnable), 1u) << "a learned source passes";
    EXPECT_EQ(uplinkSnd.CountFrom(Lab::MacOf(vm2)), 0u) << "another vNIC's MAC";
    EXPECT_EQ(uplinkSnd.CountFrom(group), 0u) << "a group MAC";
    EXPECT_EQ(uplinkSnd.CountFrom(overLimit), 0u) << "over the limit, not learned";
    EXPECT_EQ(drops.Drops(DropReason::ForgedTransmit, PortId(vm1)), 3u);
    // With Forged transmits Accept the same sources pass (and are not learned).
    h1->GetPortGroup("Learn")->SetSecurityOverride(Security(kInherit, kInherit, kAccept));
    Simulator::Schedule(Seconds(1), &SendRawFrom, Lab::Nic(vm1), overLimit, bc);
    Simulator::Stop(Simulator::Now() + Seconds(2));
    Simulator::Run();
    EXPECT_EQ(uplinkSnd.CountFrom(overLimit), 1u);
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u);
}

// Spec section 6: learning off means no learned entries, whether it is turned off on the
// port group or on the switch the group inherits from.
TEST_F(MacLearningTest, MacLearning_TurningItOffOnTheSwitchFlushesTheLearnedEntries)
{
    Build();
    MacLearningPolicy on;
    on.enabled = true;
    on.allowUnicastFlooding = false;
    vs->SetMacLearningPolicy(on);
    h1->AddPortGroup("Inherit", 100)->SetSecurityOverride(Security(kInherit, kInherit, kAccept));
    auto vm1 = lab.Vm(h1, "Inherit", "");
    Mac48Address behind("00:50:56:3f:07:01");
    CaptureLog vnicRx(vs, "VnicRx");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        behind,
                        Mac48Address::GetBroadcast());
    Simulator::Schedule(Seconds(2), &SendRaw, Lab::Nic(ext), behind, 100);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(vnicRx.CountTo(behind, PortId(vm1)), 1u);
    ASSERT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u);
    MacLearningPolicy off;
    off.enabled = false;
    vs->SetMacLearningPolicy(off);
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 0u);
    Simulator::Schedule(Seconds(1), &SendRaw, Lab::Nic(ext), behind, 100);
    Simulator::Run();
    EXPECT_EQ(vnicRx.CountTo(behind, PortId(vm1)), 1u) << "delivered on a flushed entry";
}

// Spec section 6: a MAC of a vNIC of another vSwitch of the host is never learned, also for a
// vSwitch added after traffic began.
TEST_F(MacLearningTest, MacLearning_TheMacsOfAVSwitchAddedLaterAreNotLearnedEither)
{
    Build(MacLearningPolicy(), {"vmnic0"});
    auto vm1 = lab.Vm(h1, "Learn", "");
    Mac48Address early("00:50:56:3f:08:01");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        early,
                        Mac48Address::GetBroadcast());
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u);
    h1->AddVSwitch("vSwitch1", {});
    h1->GetVSwitch("vSwitch1")->AddPortGroup("Other", 0);
    auto other = lab.Vm(h1, "Other", "");
    Simulator::Schedule(Seconds(1),
                        &SendRawFrom,
                        Lab::Nic(vm1),
                        Lab::MacOf(other),
                        Mac48Address::GetBroadcast());
    Simulator::Run();
    EXPECT_EQ(h1->GetVmPort(vm1)->GetLearnedMacCount(), 1u)
        << "the other vSwitch's vNIC MAC was learned";
}

// Spec section 5 (MAC address changes): a guest that sets its MAC to another VM's and then
// back leaves the owner reachable: the owner's entry is neither taken nor erased.
TEST_F(SecurityTest, MacChanges_AGuestThatBorrowsAnotherVmsMacAndGivesItBackLeavesTheOwnerReachable)
{
    OneHost();
    auto owner = lab.Vm(h1, "PG", "192.168.100.21/24");
    auto borrower = lab.Vm(h1, "PG", "");
    auto ext = lab.External(100, "192.168.100.50/24");
    Mac48Address ownerMac = Lab::MacOf(owner);
    Mac48Address own = Lab::Vnic(borrower)->GetInitialAddress();
    Simulator::Schedule(Seconds(1), &ChangeMac, Lab::Vnic(borrower), ownerMac);
    Simulator::Schedule(Seconds(2), &ChangeMac, Lab::Vnic(borrower), own);
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.21"), Seconds(3), Seconds(5.5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 3u) << "the owner is unreachable after its MAC was given back";
    std::ostringstream stats;
    h1->PrintNetStats(stats);
    EXPECT_NE(stats.str().find(MacText(ownerMac)), std::string::npos);
}
