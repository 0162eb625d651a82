/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "switched-frame.h"

#include "ns3/ethernet-padding.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SwitchedFrame");

SwitchedFrame::SwitchedFrame(const Ptr<Packet>& frame,
                             const EthernetVlanHeader& header,
                             uint16_t vlan)
    : m_original(frame),
      m_header(header),
      m_vlan(vlan)
{
}

Ptr<Packet>
SwitchedFrame::Take(bool tagged, const EthernetVlanHeader*& header)
{
    int i = (tagged && m_vlan != 0) ? 1 : 0;
    if (!m_form[i])
    {
        Build(i);
    }
    header = m_formHeader[i];
    if (!m_taken[i])
    {
        m_taken[i] = true;
        return m_form[i];
    }
    return m_form[i]->Copy();
}

Ptr<const Packet>
SwitchedFrame::Peek(bool tagged)
{
    int i = (tagged && m_vlan != 0) ? 1 : 0;
    if (!m_form[i])
    {
        Build(i);
    }
    return m_form[i];
}

void
SwitchedFrame::Build(int i)
{
    bool tagged = i == 1;
    bool same = m_header.HasVlanTag() == tagged && (!tagged || m_header.GetVlanId() == m_vlan);
    if (same)
    {
        m_form[i] = m_original;
        m_formHeader[i] = &m_header;
        m_taken[i] = m_originalTaken;
        m_originalTaken = true;
        return;
    }
    EthernetVlanHeader& h = m_built[i].emplace(m_header);
    if (tagged)
    {
        h.SetVlanTag(m_vlan, h.GetPcp(), h.GetDei());
    }
    else
    {
        h.RemoveVlanTag();
    }
    Ptr<Packet> p = m_original->Copy();
    // The header was parsed already: drop its bytes without parsing them again.
    p->RemoveAtStart(m_header.GetSerializedSize());
    uint32_t size = p->GetSize() + h.GetSerializedSize();
    if (size < EthernetVlanHeader::kMinFrameSize)
    {
        EthernetPadding::Add(p, EthernetVlanHeader::kMinFrameSize - size);
    }
    p->AddHeader(h);
    m_form[i] = p;
    m_formHeader[i] = &h;
    m_taken[i] = false;
}

} // namespace ns3
