/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the Checker that reads JSON values into the scenario's config structs and
 * records every problem as "FILE: JSON.PATH: what is wrong (what would be right)".
 */
#ifndef VSWITCH_SIM_SCENARIO_CHECKER_H
#define VSWITCH_SIM_SCENARIO_CHECKER_H

#include "scenario.h"

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vsim
{

namespace json = boost::json;

/// Levenshtein distance (case-insensitive), for "did you mean".
std::size_t Distance(const std::string& a, const std::string& b);

/// \return the items joined with sep
std::string JoinList(const std::vector<std::string>& items, const std::string& sep = ", ");

/// \return what a JSON value is, for messages ("number 5", "an array", ...)
std::string Describe(const json::value& v);

/// Reads JSON values into config structs and records what is wrong with them.
class Checker
{
  public:
    Checker(const std::string& file,
            std::vector<std::string>& errors,
            std::vector<std::string>& warnings);

    void Error(const std::string& path, const std::string& what);

    /// Something valid that will not do what the author probably expects.
    void Warning(const std::string& path, const std::string& what);

    std::string Line(const std::string& path, const std::string& what) const;

    static std::string Key(const std::string& path, const std::string& key);

    static std::string Index(const std::string& path, std::size_t i);

    /// An object with only the given keys; nullptr (and an error) when not an object.
    const json::object* Object(const json::value& v,
                               const std::string& path,
                               const std::vector<std::string>& keys);

    /// An optional array member; nullptr when absent or wrong.
    const json::array* Array(const json::object& o, const char* key, const std::string& path);

    std::optional<std::string> String(const json::object& o,
                                      const char* key,
                                      const std::string& path,
                                      bool required,
                                      const std::string& example = "");

    /// A string that must be one of a set.
    std::optional<std::string> Choice(const json::object& o,
                                      const char* key,
                                      const std::string& path,
                                      const std::vector<std::string>& choices,
                                      bool required);

    std::optional<int64_t> Int(const json::object& o,
                               const char* key,
                               const std::string& path,
                               int64_t min,
                               int64_t max,
                               bool required);

    std::optional<int64_t> IntValue(const json::value& v,
                                    const std::string& path,
                                    int64_t min,
                                    int64_t max);

    std::optional<bool> Bool(const json::object& o, const char* key, const std::string& path);

    std::optional<ns3::Time> TimeMember(const json::object& o,
                                        const char* key,
                                        const std::string& path,
                                        bool required,
                                        ns3::Time min,
                                        ns3::Time max);

    static std::string TimeText(ns3::Time t);

    std::optional<ns3::DataRate> Rate(const json::object& o,
                                      const char* key,
                                      const std::string& path,
                                      bool required);

    static bool ParseMac(const std::string& s, ns3::Mac48Address& mac);

    std::optional<ns3::Mac48Address> Mac(const json::object& o,
                                         const char* key,
                                         const std::string& path,
                                         bool required,
                                         bool unicast = true);

    static bool ParseIp(const std::string& s, ns3::Ipv4Address& ip);

    std::optional<IfAddress> InterfaceIp(const json::object& o,
                                         const char* key,
                                         const std::string& path);

    std::vector<std::string> StringList(const json::object& o,
                                        const char* key,
                                        const std::string& path,
                                        const std::string& example);

    /// Each element of an optional array member.
    void ForEach(const json::object& o,
                 const char* key,
                 const std::string& path,
                 const std::function<void(const json::value&, const std::string&)>& f);

    const std::string& File() const;

  private:
    std::string m_file;
    std::vector<std::string>& m_errors;
    std::vector<std::string>& m_warnings;
};

} // namespace vsim

#endif
