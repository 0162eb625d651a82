/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_CONFIG_ERROR_H
#define VSWITCH_CONFIG_ERROR_H

#include <sstream>
#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief A configuration mistake: an unknown name, a value out of range, a conflict.
 *
 * Thrown while a topology is being built, before anything runs, so that a script or the
 * scenario runner can report it. The message names the offending thing and says what
 * would be right, e.g.
 * `PhysicalSwitch sw1: port Gi0/9: no such port (ports are Gi0/1..Gi0/8)`.
 */
class ConfigError : public std::invalid_argument
{
  public:
    /// \param what the message
    explicit ConfigError(const std::string& what)
        : std::invalid_argument(what)
    {
    }
};

} // namespace ns3

/**
 * \ingroup vswitch
 * \brief Throw a ns3::ConfigError built from a stream expression.
 * \param msg message parts joined with <<
 */
#define VSWITCH_CONFIG_ERROR(msg)                                                                  \
    do                                                                                             \
    {                                                                                              \
        std::ostringstream vswitchConfigErrorStream_;                                              \
        vswitchConfigErrorStream_ << msg;                                                          \
        throw ::ns3::ConfigError(vswitchConfigErrorStream_.str());                                 \
    } while (false)

#endif /* VSWITCH_CONFIG_ERROR_H */
