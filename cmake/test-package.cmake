# CTest Package.OutOfTreeExperiment (cmake -P): install the module into a folder of the build,
# build examples/out-of-tree against it with find_package(vswitch), and the same experiment
# with pkg-config, run both and check that every echo request was answered.
# Inputs: BUILD_DIR, SOURCE_DIR, CXX.

set(work ${BUILD_DIR}/package-test)
set(prefix ${work}/prefix)
file(REMOVE_RECURSE ${work})

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_answered output what)
  if(NOT output MATCHES "3 of 3 echo requests answered")
    message(FATAL_ERROR "${what}: not every echo request was answered:\n${output}")
  endif()
  if(NOT output MATCHES "00:50:56")
    message(FATAL_ERROR "${what}: no VM MAC in the switch's table:\n${output}")
  endif()
endfunction()

run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
if(NOT EXISTS ${prefix}/include/ns3/vswitch-module.h)
  message(FATAL_ERROR "not installed: ${prefix}/include/ns3/vswitch-module.h")
endif()
file(GLOB_RECURSE configs ${prefix}/*/vswitchConfig.cmake)
file(GLOB_RECURSE pcs ${prefix}/*/ns3-vswitch.pc)
if(NOT configs OR NOT pcs)
  message(FATAL_ERROR "the install has no vswitchConfig.cmake or ns3-vswitch.pc: ${configs} ${pcs}")
endif()

# With CMake, as the example's README comment says. ccache keeps a rerun short.
set(launcher)
find_program(ccache ccache)
if(ccache)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${ccache})
endif()
run("configuring examples/out-of-tree" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/out-of-tree
    -B ${work}/cmake-build -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} ${launcher})
run("building examples/out-of-tree" ${CMAKE_COMMAND} --build ${work}/cmake-build)
run("running two-hosts-ping (CMake build)" ${work}/cmake-build/two-hosts-ping)
expect_answered("${run_output}" "two-hosts-ping (CMake build)")
message(STATUS "CMake build:\n${run_output}")

# With pkg-config.
get_filename_component(pcdir ${pcs} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
run("pkg-config" pkg-config --cflags --libs ns3-vswitch)
string(STRIP "${run_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run("compiling with pkg-config's flags" ${ccache} ${CXX} -std=c++17
    ${SOURCE_DIR}/examples/out-of-tree/two-hosts-ping.cc ${flags} -o ${work}/two-hosts-ping-pc)
run("running two-hosts-ping (pkg-config build)" ${work}/two-hosts-ping-pc)
expect_answered("${run_output}" "two-hosts-ping (pkg-config build)")
message(STATUS "pkg-config build: 3 of 3 answered")
