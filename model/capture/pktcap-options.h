/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PKTCAP_OPTIONS_H
#define VSWITCH_PKTCAP_OPTIONS_H

#include "ns3/capture-point.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief The options of one pktcap-uw session, parsed from pktcap-uw's own command line.
 *
 * Parse() takes the options exactly as an administrator types them on an ESXi host, e.g.
 * `--switchport 50331657 --dir 1 -c 3 --proto 0x01 --capture PortOutput`, and checks them
 * completely: every unknown option, missing or malformed value, and conflicting combination
 * is reported as a ConfigError naming the option and saying what would be right. A parsed
 * object is therefore always usable.
 *
 * Syntax rules:
 * - the command line is split on whitespace; single quotes keep everything literally, double
 *   quotes keep whitespace and honour `\"` and `\\`, a backslash outside quotes escapes the
 *   next character (as a POSIX shell does);
 * - a leading `pktcap-uw` word is skipped;
 * - a long option's value follows as the next word or inline (`--dir=1`); a short option's
 *   value follows as the next word or attached (`-c3`); a value may not begin with `-`;
 * - every option may be given once;
 * - numbers are decimal, or hexadecimal with a `0x` prefix (so `--ethtype 8035` is decimal
 *   8035 = 0x1f63; write `--ethtype 0x8035` for RARP).
 *
 * Options (behaviour spec section 8):
 * - where: `--uplink vmnicN`, `--switchport PORTID`, `--vmk vmkN` (at most one);
 * - `--capture POINT[,POINT...]` (names of CapturePointFromString(), with its aliases);
 * - `--dir 0|1|2|input|output|inputAndOutput` (default 0, input only);
 * - filters `--proto`, `--ethtype`, `--srcmac`, `--dstmac`, `--mac`, `--srcip`, `--dstip`,
 *   `--ip`, `--vlan`, `--srcport`, `--dstport`, `--tcpport`, `--vxlan` (see FilterSpec);
 * - `-c N`/`--count N`, `-s SNAPLEN`/`--snaplen SNAPLEN`, `-o FILE`/`--outfile FILE`, `--ng`.
 *
 * Which points are watched is given by ResolvePoints().
 */
class PktcapOptions
{
  public:
    /// What the session is bound to.
    enum class Target : uint8_t
    {
        None = 0,   //!< no --uplink, --switchport or --vmk: a switch-wide point
        Uplink,     //!< --uplink vmnicN
        SwitchPort, //!< --switchport PORTID
        Vmk         //!< --vmk vmkN
    };

    /// The value of --dir.
    enum class Dir : uint8_t
    {
        Input = 0,         //!< 0: what enters the switch (the default)
        Output = 1,        //!< 1: what leaves the switch
        InputAndOutput = 2 //!< 2: both
    };

    /**
     * \brief The session filters; an unset field does not filter. All set fields must match.
     */
    struct FilterSpec
    {
        std::optional<uint8_t> ipProto;     //!< --proto: IPv4 protocol number
        std::optional<uint16_t> etherType;  //!< --ethtype: EtherType (the inner one if tagged)
        std::optional<Mac48Address> srcMac; //!< --srcmac
        std::optional<Mac48Address> dstMac; //!< --dstmac
        std::optional<Mac48Address> mac;    //!< --mac: source or destination
        std::optional<Ipv4Address> srcIp;   //!< --srcip
        std::optional<Ipv4Address> dstIp;   //!< --dstip
        std::optional<Ipv4Address> ip;      //!< --ip: source or destination
        std::optional<uint16_t> vlan;       //!< --vlan: VLAN ID 0..4095
        std::optional<uint16_t> srcPort;    //!< --srcport: TCP or UDP source port
        std::optional<uint16_t> dstPort;    //!< --dstport: TCP or UDP destination port
        std::optional<uint16_t> tcpPort;    //!< --tcpport: TCP source or destination port
        std::optional<uint32_t> vxlan;      //!< --vxlan: VXLAN network identifier

        /// \return true when no filter is set (everything matches)
        bool IsEmpty() const;
    };

    static constexpr uint32_t kDefaultSnaplen = 65535; //!< snap length without -s
    static constexpr uint32_t kMinSnaplen = 14;        //!< smallest -s: one Ethernet header
    static constexpr uint32_t kMaxSnaplen = 262144;    //!< largest -s (libpcap's maximum)

    /// No target, no filters, default direction: ResolvePoints() fails until Parse() is used.
    PktcapOptions();

    /**
     * \brief Parse and check a pktcap-uw command line.
     * \param commandLine the options, optionally preceded by `pktcap-uw`
     * \return the options
     * \throw ConfigError for an unknown option, a missing or malformed value, an option given
     *        twice, two targets, an unknown capture point, a point that the target cannot have,
     *        no target and no --capture, or --ng without -o
     */
    static PktcapOptions Parse(const std::string& commandLine);

    /**
     * \brief Split a command line into words as a POSIX shell would (quotes, backslashes).
     * \param commandLine the text
     * \return the words
     * \throw ConfigError for an unterminated quote or a trailing backslash
     */
    static std::vector<std::string> Tokenize(const std::string& commandLine);

    /// \return the supported options, one usage form each, comma-separated (for messages)
    static std::string SupportedOptions();

    /// \return the command line as it was given to Parse()
    const std::string& GetCommandLine() const;

    /**
     * \brief The options in normalized form, for summaries: the options in the order given,
     *        one space apart, each value as a separate word (`--dir=1` becomes `--dir 1`),
     *        quoted only where needed, without a leading `pktcap-uw`. A value that would
     *        read as an option (`-o-x` gives the file `-x`) stays attached (`-o-x`,
     *        `--outfile=-x`), so that the result parses back to the same options.
     * \return the normalized options
     */
    std::string ToString() const;

    /// \return what the session is bound to
    Target GetTarget() const;
    /// \return the uplink name of --uplink ("vmnic2"), empty for another target
    const std::string& GetUplink() const;
    /// \return the port ID of --switchport (0 for another target)
    uint32_t GetSwitchPort() const;
    /// \return the VMkernel NIC name of --vmk ("vmk0"), empty for another target
    const std::string& GetVmk() const;

    /// \return whether --capture was given
    bool HasCapturePoints() const;
    /// \return the points listed by --capture, in the order given (empty without --capture)
    const std::vector<CapturePoint>& GetCapturePoints() const;

    /// \return the direction (Dir::Input when --dir was not given)
    Dir GetDir() const;
    /// \return whether --dir was given (pktcap-uw prints "The dir is ..." only then)
    bool IsDirGiven() const;
    /**
     * \brief Whether the direction selected by --dir includes a direction.
     * \param direction a frame's direction at its capture point
     * \return true for Input with dir 0 or 2, for Output with dir 1 or 2
     */
    bool AcceptsDirection(CaptureDirection direction) const;

    /**
     * \brief The points to watch.
     *
     * The --capture list when given. Otherwise from the target and --dir: a switch port or
     * vmk is watched at PortInput (dir 0), PortOutput (dir 1) or both (dir 2); an uplink at
     * EtherswitchDispatch (dir 0, where real pktcap-uw reports an uplink's received frames),
     * UplinkSnd (dir 1) or both (dir 2). Input points come first.
     *
     * A --switchport that turns out to be an uplink's port ID (only the host knows) is
     * watched as that uplink: pass uplinkPort true.
     *
     * \param uplinkPort the --switchport target is an uplink's port
     * \return the points, never empty
     * \throw ConfigError when there is neither a target nor --capture, or when --capture
     *        names a port point for an uplink's port ID
     */
    std::vector<CapturePoint> ResolvePoints(bool uplinkPort = false) const;

    /// \return the filters
    const FilterSpec& GetFilter() const;

    /// \return the -c/--count limit, when given (always >= 1)
    std::optional<uint32_t> GetCount() const;
    /// \return the snap length: -s/--snaplen, or kDefaultSnaplen
    uint32_t GetSnaplen() const;
    /// \return whether -s/--snaplen was given
    bool IsSnaplenGiven() const;
    /// \return the -o/--outfile path, empty when frames go to the console
    const std::string& GetOutFile() const;
    /// \return whether --ng (pcapng output) was given
    bool IsPcapng() const;

  private:
    /**
     * \brief Check and store the value of one option; throws ConfigError.
     * \param id the option's index in the option table
     * \param option the option as typed ("-c", "--count")
     * \param value its value (empty for a flag)
     */
    void Apply(std::size_t id, const std::string& option, const std::string& value);
    /// Check the combination of options once all are known; throws ConfigError.
    void Validate() const;
    /// \return the target as options, e.g. "--uplink vmnic2" (empty without a target)
    std::string TargetText() const;

    std::string m_commandLine;                                //!< as given to Parse()
    std::vector<std::pair<std::string, std::string>> m_given; //!< option as typed, value
    Target m_target{Target::None};                            //!< the target kind
    std::string m_uplink;                                     //!< --uplink
    uint32_t m_switchPort{0};                                 //!< --switchport
    std::string m_vmk;                                        //!< --vmk
    std::vector<CapturePoint> m_points;                       //!< --capture
    Dir m_dir{Dir::Input};                                    //!< --dir
    bool m_dirGiven{false};                                   //!< --dir was given
    FilterSpec m_filter;                                      //!< filters
    std::optional<uint32_t> m_count;                          //!< -c
    uint32_t m_snaplen{kDefaultSnaplen};                      //!< -s
    bool m_snaplenGiven{false};                               //!< -s was given
    std::string m_outFile;                                    //!< -o
    bool m_pcapng{false};                                     //!< --ng
};

/**
 * \brief The printed name of a --dir value, as pktcap-uw's banner says it after "The dir is ".
 * \param dir the direction
 * \return "Input", "Output" or "Input and Output"
 */
const char* PktcapDirName(PktcapOptions::Dir dir);

} // namespace ns3

#endif /* VSWITCH_PKTCAP_OPTIONS_H */
