/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "capture-file-writer.h"

#include "ns3/abort.h"
#include "ns3/config-error.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CaptureFileWriter");

namespace
{

constexpr uint32_t kPcapMagic = 0xa1b2c3d4;      //!< classic pcap, microsecond timestamps
constexpr uint32_t kShbType = 0x0a0d0d0a;        //!< pcapng Section Header Block
constexpr uint32_t kIdbType = 0x00000001;        //!< pcapng Interface Description Block
constexpr uint32_t kEpbType = 0x00000006;        //!< pcapng Enhanced Packet Block
constexpr uint32_t kByteOrderMagic = 0x1a2b3c4d; //!< pcapng byte-order magic
constexpr uint16_t kOptEndOfOpt = 0;             //!< opt_endofopt
constexpr uint16_t kOptComment = 1;              //!< opt_comment
constexpr uint16_t kShbUserAppl = 4;             //!< shb_userappl
constexpr const char* kUserAppl = "ns-3 vswitch module (pktcap-uw)";

/// Bytes of padding that bring n up to a multiple of 4.
constexpr uint32_t
Pad4(std::size_t n)
{
    return static_cast<uint32_t>((4 - n % 4) % 4);
}

/// Write a value in host byte order.
template <typename T>
void
Put(OutputFile& out, T value)
{
    out.Write(&value, sizeof(value));
}

/// Write n zero bytes.
void
PutZeros(OutputFile& out, uint32_t n)
{
    static const char zeros[4] = {0, 0, 0, 0};
    out.Write(zeros, n);
}

/// Size of a pcapng option with a value of n bytes (code, length, padded value).
constexpr uint32_t
OptionSize(std::size_t n)
{
    return static_cast<uint32_t>(4 + n + Pad4(n));
}

/// Write a pcapng option.
void
PutOption(OutputFile& out, uint16_t code, const char* value, std::size_t n)
{
    Put<uint16_t>(out, code);
    Put<uint16_t>(out, static_cast<uint16_t>(n));
    out.Write(value, n);
    PutZeros(out, Pad4(n));
}

/// How often capture files go to the system, in frames.
GlobalValue g_captureFlushFrames("CaptureFlushFrames",
                                 "Capture files (pktcap-uw -o, vswitch-sim's switch port pcaps) "
                                 "hand their data to the system every this many frames, so "
                                 "that a process that dies loses at most these (and at most "
                                 "64 KiB); 0: only when the 64 KiB buffer is full and at close.",
                                 UintegerValue(100),
                                 MakeUintegerChecker<uint32_t>());

} // namespace

CaptureFileWriter::CaptureFileWriter()
{
    NS_LOG_FUNCTION(this);
    UintegerValue frames;
    g_captureFlushFrames.GetValue(frames);
    m_flushFrames = static_cast<uint32_t>(frames.Get());
    m_out.SetErrorCallback(MakeCallback(&CaptureFileWriter::OnError, this));
}

CaptureFileWriter::~CaptureFileWriter()
{
    NS_LOG_FUNCTION(this);
    Close();
}

void
CaptureFileWriter::Open(const std::string& path, bool pcapng, uint32_t snaplen)
{
    NS_LOG_FUNCTION(this << path << pcapng << snaplen);
    Close();
    if (snaplen == 0)
    {
        VSWITCH_CONFIG_ERROR("capture file " << path << ": snap length 0 (give at least 1)");
    }
    if (!m_out.Open(path))
    {
        VSWITCH_CONFIG_ERROR("capture file " << path << ": " << m_out.GetError()
                                             << " (check that the folder exists and is "
                                                "writable)");
    }
    m_path = path;
    m_pcapng = pcapng;
    m_snaplen = snaplen;
    m_frames = 0;
    m_sinceFlush = 0;
    if (m_pcapng)
    {
        WritePcapngHeader();
    }
    else
    {
        WritePcapHeader();
    }
    // On disk at once: the file is a valid (empty) capture from the start.
    m_out.Flush();
}

void
CaptureFileWriter::WritePcapHeader()
{
    Put<uint32_t>(m_out, kPcapMagic);
    Put<uint16_t>(m_out, 2); // version 2.4
    Put<uint16_t>(m_out, 4);
    Put<int32_t>(m_out, 0);  // thiszone: UTC
    Put<uint32_t>(m_out, 0); // sigfigs
    Put<uint32_t>(m_out, m_snaplen);
    Put<uint32_t>(m_out, kLinkTypeEthernet);
}

void
CaptureFileWriter::WritePcapngHeader()
{
    const std::size_t applLen = std::strlen(kUserAppl);
    const uint32_t shbLen = 28 + OptionSize(applLen) + OptionSize(0);
    Put<uint32_t>(m_out, kShbType);
    Put<uint32_t>(m_out, shbLen);
    Put<uint32_t>(m_out, kByteOrderMagic);
    Put<uint16_t>(m_out, 1); // version 1.0
    Put<uint16_t>(m_out, 0);
    Put<int64_t>(m_out, -1); // section length not specified
    PutOption(m_out, kShbUserAppl, kUserAppl, applLen);
    PutOption(m_out, kOptEndOfOpt, nullptr, 0);
    Put<uint32_t>(m_out, shbLen);

    const uint32_t idbLen = 20;
    Put<uint32_t>(m_out, kIdbType);
    Put<uint32_t>(m_out, idbLen);
    Put<uint16_t>(m_out, static_cast<uint16_t>(kLinkTypeEthernet));
    Put<uint16_t>(m_out, 0); // reserved
    Put<uint32_t>(m_out, m_snaplen);
    Put<uint32_t>(m_out, idbLen);
}

bool
CaptureFileWriter::IsOpen() const
{
    return m_out.IsOpen();
}

void
CaptureFileWriter::Write(Time t,
                         const std::vector<uint8_t>& bytes,
                         uint32_t origLen,
                         const std::string& comment)
{
    NS_LOG_FUNCTION(this << t << bytes.size() << origLen);
    NS_ABORT_MSG_UNLESS(m_out.IsOpen(), "CaptureFileWriter::Write before Open");
    const uint64_t us = t.IsStrictlyNegative() ? 0 : static_cast<uint64_t>(t.GetMicroSeconds());
    const auto captured = static_cast<uint32_t>(std::min<std::size_t>(bytes.size(), m_snaplen));
    origLen = std::max(origLen, static_cast<uint32_t>(bytes.size()));
    WriteRecord(us, bytes.data(), captured, origLen, comment);
}

void
CaptureFileWriter::Write(Time t, Ptr<const Packet> frame)
{
    NS_LOG_FUNCTION(this << t << frame->GetSize());
    NS_ABORT_MSG_UNLESS(m_out.IsOpen(), "CaptureFileWriter::Write before Open");
    const uint64_t us = t.IsStrictlyNegative() ? 0 : static_cast<uint64_t>(t.GetMicroSeconds());
    const uint32_t size = frame->GetSize();
    const uint32_t captured = std::min(size, m_snaplen);
    if (m_scratch.size() < captured)
    {
        m_scratch.resize(captured);
    }
    frame->CopyData(m_scratch.data(), captured);
    WriteRecord(us, m_scratch.data(), captured, size, "");
}

void
CaptureFileWriter::WriteRecord(uint64_t us,
                               const uint8_t* bytes,
                               uint32_t captured,
                               uint32_t origLen,
                               const std::string& comment)
{
    if (m_out.HasFailed())
    {
        return; // reported at the failure; the run is stopping
    }
    const char* data = reinterpret_cast<const char*>(bytes);
    if (m_pcapng)
    {
        const std::size_t commentLen = std::min<std::size_t>(comment.size(), 0xffff);
        const uint32_t optionsLen = commentLen ? OptionSize(commentLen) + OptionSize(0) : 0;
        const uint32_t blockLen = 32 + captured + Pad4(captured) + optionsLen;
        // The whole record goes to the system in one piece with the records before it.
        m_out.Reserve(blockLen);
        Put<uint32_t>(m_out, kEpbType);
        Put<uint32_t>(m_out, blockLen);
        Put<uint32_t>(m_out, 0); // interface 0
        Put<uint32_t>(m_out, static_cast<uint32_t>(us >> 32));
        Put<uint32_t>(m_out, static_cast<uint32_t>(us & 0xffffffffu));
        Put<uint32_t>(m_out, captured);
        Put<uint32_t>(m_out, origLen);
        m_out.Write(data, captured);
        PutZeros(m_out, Pad4(captured));
        if (commentLen)
        {
            PutOption(m_out, kOptComment, comment.data(), commentLen);
            PutOption(m_out, kOptEndOfOpt, nullptr, 0);
        }
        Put<uint32_t>(m_out, blockLen);
    }
    else
    {
        m_out.Reserve(16 + captured);
        Put<uint32_t>(m_out, static_cast<uint32_t>(us / 1000000));
        Put<uint32_t>(m_out, static_cast<uint32_t>(us % 1000000));
        Put<uint32_t>(m_out, captured);
        Put<uint32_t>(m_out, origLen);
        m_out.Write(data, captured);
    }
    ++m_frames;
    if (m_flushFrames != 0 && ++m_sinceFlush >= m_flushFrames)
    {
        m_sinceFlush = 0;
        m_out.Flush();
    }
}

bool
CaptureFileWriter::Close()
{
    if (m_out.IsOpen())
    {
        NS_LOG_FUNCTION(this << m_path << m_frames);
    }
    return m_out.Close();
}

std::string
CaptureFileWriter::KeepAsPartial()
{
    NS_LOG_FUNCTION(this << m_path);
    if (m_path.empty())
    {
        return "";
    }
    if (!m_out.Close())
    {
        // Best effort: the disk may be gone altogether.
        if (::truncate(m_path.c_str(), static_cast<off_t>(m_out.GetFlushedSize())) != 0)
        {
            NS_LOG_WARN(m_path << ": cannot cut it back to its last whole frame: "
                               << std::strerror(errno));
        }
    }
    std::string partial = m_path + ".partial";
    if (std::rename(m_path.c_str(), partial.c_str()) != 0)
    {
        NS_LOG_WARN(m_path << ": cannot rename it to " << partial << ": " << std::strerror(errno));
        return "";
    }
    return partial;
}

void
CaptureFileWriter::SetErrorCallback(OutputFile::ErrorCallback cb)
{
    m_onError = cb;
}

void
CaptureFileWriter::SetFlushFrames(uint32_t frames)
{
    m_flushFrames = frames;
}

bool
CaptureFileWriter::HasFailed() const
{
    return m_out.HasFailed();
}

const std::string&
CaptureFileWriter::GetError() const
{
    return m_out.GetError();
}

void
CaptureFileWriter::OnError(const std::string& path, const std::string& reason)
{
    if (m_onError.IsNull())
    {
        NS_FATAL_ERROR("capture file " << path << ": " << reason);
    }
    m_onError(path, reason);
}

const std::string&
CaptureFileWriter::GetPath() const
{
    return m_path;
}

uint64_t
CaptureFileWriter::GetFramesWritten() const
{
    return m_frames;
}

std::vector<uint8_t>
CaptureBytes(Ptr<const Packet> frame, uint16_t vlanMeta, bool insertTag)
{
    NS_LOG_FUNCTION(frame << vlanMeta << insertTag);
    std::vector<uint8_t> bytes(frame->GetSize());
    frame->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    if (vlanMeta == 0)
    {
        return bytes;
    }
    const bool tagged = bytes.size() >= EthernetVlanHeader::kTaggedSize &&
                        bytes[12] == (EthernetVlanHeader::kTpid >> 8) &&
                        bytes[13] == (EthernetVlanHeader::kTpid & 0xff);
    if (insertTag && !tagged && bytes.size() >= EthernetVlanHeader::kUntaggedSize)
    {
        const uint8_t tag[4] = {static_cast<uint8_t>(EthernetVlanHeader::kTpid >> 8),
                                static_cast<uint8_t>(EthernetVlanHeader::kTpid & 0xff),
                                static_cast<uint8_t>((vlanMeta >> 8) & 0x0f),
                                static_cast<uint8_t>(vlanMeta & 0xff)};
        bytes.insert(bytes.begin() + 12, tag, tag + 4);
    }
    else if (!insertTag && tagged)
    {
        bytes.erase(bytes.begin() + 12, bytes.begin() + 16);
    }
    return bytes;
}

} // namespace ns3
