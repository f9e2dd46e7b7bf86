# Runs a tool with a bad command line and passes only if it stops the way
# the tools promise: exit status 2, nothing on stdout (no work was done), and
# exactly one line on stderr that matches EXPECT.
#   cmake -DCMD=tool|arg|arg... -DEXPECT=regex -P expect_usage_error.cmake
# Arguments are separated by '|' so that they survive CTest's own list
# handling.
string(REPLACE "|" ";" cmd "${CMD}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err TIMEOUT 60)
set(problems "")
if(NOT rc STREQUAL "2")
  string(APPEND problems " exit status '${rc}', not 2;")
endif()
if(NOT out STREQUAL "")
  string(APPEND problems " printed on stdout: '${out}';")
endif()
string(REGEX MATCHALL "\n" newlines "${err}")
list(LENGTH newlines lines)
if(NOT lines EQUAL 1 OR NOT err MATCHES "\n$")
  string(APPEND problems " stderr is not one line;")
endif()
if(NOT err MATCHES "${EXPECT}")
  string(APPEND problems " stderr does not match '${EXPECT}';")
endif()
if(problems)
  message(FATAL_ERROR "${CMD}:${problems}\nstderr: ${err}")
endif()
message(STATUS "ok: ${err}")
