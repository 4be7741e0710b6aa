#pragma once
// Precompiled header for the transport's translation units (Beast and Asio are heavy to parse).
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
