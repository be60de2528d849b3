/* SPDX-License-Identifier: ISC */
/* fuzz_tls_certs.h: the TLS tests' certificates and keys, made once by openssl.
 */
#ifndef MIRAGE_TESTS_FUZZ_TLS_CERTS_H
#define MIRAGE_TESTS_FUZZ_TLS_CERTS_H

/*
 * Made by openssl (not secret: test keys only), valid from 2026-12-07
 * to 2046-12-02: a P-256 CA "Mirage fuzz CA" (ca.pem); an ECDSA P-256
 * leaf for fuzz.test, *.wild.fuzz.test and 127.0.0.1 (server.pem,
 * server.key, PKCS#8); an RSA-2048 leaf for rsa.fuzz.test (rsa.pem,
 * rsa.key, PKCS#8); both signed by the CA. FUZZ_TLS_NOW is a time
 * inside their validity (2027-01-15), for a pclock. Three self-signed
 * certificates for the name reader: cnip (CN=CN-Only.Test, SAN with the
 * addresses 10.0.0.1 and 2001:db8::1, no DNS name), cnsan (O=Mirage,
 * CN=ignored.test, SAN with DNS:San.Test. and an e-mail address), nosan
 * (CN=first.test then CN=nosan.test, no SAN).
 */
#define FUZZ_TLS_NOW 1800000000

static const char fuzz_tls_ca_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBdzCCARygAwIBAgIUd1TeA85YcvGWMkCg4FUEg+/HwhUwCgYIKoZIzj0EAwIw\n"
    "GTEXMBUGA1UEAwwOTWlyYWdlIGZ1enogQ0EwHhcNMjYxMjA3MjEyMDA2WhcNNDYx\n"
    "MjAyMjEyMDA2WjAZMRcwFQYDVQQDDA5NaXJhZ2UgZnV6eiBDQTBZMBMGByqGSM49\n"
    "AgEGCCqGSM49AwEHA0IABMn1vLILDsh1G7s7FOMT+SLcX8vy048qoIIOvAySKifZ\n"
    "/ljmFFiYfaT/BUVwuLTnYMZr0xaNhM46oghY67wCHBmjQjBAMA8GA1UdEwEB/wQF\n"
    "MAMBAf8wDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBTSDx+6sRpU5gFcoqqQSMif\n"
    "zVCFcDAKBggqhkjOPQQDAgNJADBGAiEA54to+gYWQe2VwG8hpZ+OcxhGgjOiX6lg\n"
    "OQYioZE1smgCIQDpyOCah8wdKcuCCh4mfxhcQOruAaDy7NDl4nkQCdsJVQ==\n"
    "-----END CERTIFICATE-----\n";

static const char fuzz_tls_server_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIB1DCCAXqgAwIBAgIUfpOONEo4AqQNFQlVUn7IewnyxZkwCgYIKoZIzj0EAwIw\n"
    "GTEXMBUGA1UEAwwOTWlyYWdlIGZ1enogQ0EwHhcNMjYxMjA3MjEyMDA2WhcNNDYx\n"
    "MjAyMjEyMDA2WjAUMRIwEAYDVQQDDAlmdXp6LnRlc3QwWTATBgcqhkjOPQIBBggq\n"
    "hkjOPQMBBwNCAAQ6CqvMqtvjU8CAgAF2XH6SppOSV2fJuSpxXXH0xfTxagau37g2\n"
    "I7Mvg3XNFM9GVbs4qf2LQ1tGoZ8TmTnFXss1o4GkMIGhMCwGA1UdEQQlMCOCCWZ1\n"
    "enoudGVzdIIQKi53aWxkLmZ1enoudGVzdIcEfwAAATAMBgNVHRMBAf8EAjAAMA4G\n"
    "A1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNVHQ4EFgQUh2+/\n"
    "MzpZHSsWEe4kJRIBcyfIY68wHwYDVR0jBBgwFoAU0g8furEaVOYBXKKqkEjIn81Q\n"
    "hXAwCgYIKoZIzj0EAwIDSAAwRQIgGIcdHI1JfJ45ySEnsJoP/3+dfTbBIgFfDWJI\n"
    "gEntGH0CIQCTc7EY6ZPT18oo7ZPIBLVkFnWwY9vQUXct8LeyEubOHw==\n"
    "-----END CERTIFICATE-----\n";

static const char fuzz_tls_server_key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg6nWbZMMnVwkaAuYd\n"
    "4xi2lVeEcf8M4WGI6JdGzIcBV0ihRANCAAQ6CqvMqtvjU8CAgAF2XH6SppOSV2fJ\n"
    "uSpxXXH0xfTxagau37g2I7Mvg3XNFM9GVbs4qf2LQ1tGoZ8TmTnFXss1\n"
    "-----END PRIVATE KEY-----\n";

static const char fuzz_tls_rsa_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIICjzCCAjWgAwIBAgIUfpOONEo4AqQNFQlVUn7IewnyxZowCgYIKoZIzj0EAwIw\n"
    "GTEXMBUGA1UEAwwOTWlyYWdlIGZ1enogQ0EwHhcNMjYxMjA3MjEyMDA2WhcNNDYx\n"
    "MjAyMjEyMDA2WjAYMRYwFAYDVQQDDA1yc2EuZnV6ei50ZXN0MIIBIjANBgkqhkiG\n"
    "9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxAC6WoPK/GV0wmNFFVKH11a4QNGZwt2KXxzk\n"
    "ZHQ46g0eR1yB6vk8nudUGJocTne6/Mp7tjuY0FwGbydCZ1qle2tA0umV/HjL3plf\n"
    "iBvtMO3XBbJ3tCzBpiN6n7qc6l3AaelisqPX3pVm/0Lm1bnn7VsKkcdNb8NzDCJn\n"
    "6Jqn0Kv+0fLGrCRmFVYKaX5RDiKor5MTlhb9O9+k0iTADktTRMzKkJLWDdiCAf4v\n"
    "B5CoEyZ6VfKCIlGUBtSQKJiVD/MbcM4Hb4UgUbIz2C8LWDR9q273dNmaL9OuiloO\n"
    "nLQoCsECGhbkkiy5ycg+AJ9AQaJSkcFkQlJ6BR/ur8B5zdUKLQIDAQABo4GQMIGN\n"
    "MBgGA1UdEQQRMA+CDXJzYS5mdXp6LnRlc3QwDAYDVR0TAQH/BAIwADAOBgNVHQ8B\n"
    "Af8EBAMCBaAwEwYDVR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0OBBYEFHKCd1fGeC3g\n"
    "+nc8XoWYt9zdDkkqMB8GA1UdIwQYMBaAFNIPH7qxGlTmAVyiqpBIyJ/NUIVwMAoG\n"
    "CCqGSM49BAMCA0gAMEUCIQDPZR58LWFdPw1kLLcjqEgQFZX7rpLuKijAZQMIzZDv\n"
    "ZgIgZUTWqtFLVkRNvudtclsGdrx5YNyMys200RIicagtQYs=\n"
    "-----END CERTIFICATE-----\n";

static const char fuzz_tls_rsa_key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDEALpag8r8ZXTC\n"
    "Y0UVUofXVrhA0ZnC3YpfHORkdDjqDR5HXIHq+Tye51QYmhxOd7r8ynu2O5jQXAZv\n"
    "J0JnWqV7a0DS6ZX8eMvemV+IG+0w7dcFsne0LMGmI3qfupzqXcBp6WKyo9felWb/\n"
    "QubVueftWwqRx01vw3MMImfomqfQq/7R8sasJGYVVgppflEOIqivkxOWFv0736TS\n"
    "JMAOS1NEzMqQktYN2IIB/i8HkKgTJnpV8oIiUZQG1JAomJUP8xtwzgdvhSBRsjPY\n"
    "LwtYNH2rbvd02Zov066KWg6ctCgKwQIaFuSSLLnJyD4An0BBolKRwWRCUnoFH+6v\n"
    "wHnN1QotAgMBAAECggEAUiez9Oi1FqI4FJqjhFJ5metBg/nXJ3TQ4RktKmYEzSX+\n"
    "gQ7nbeRWYoy4FS/TmZhaCkedHz9PyFYqZEDidovqPRcxrrY2JgNEAOPsxRJfk1i9\n"
    "/idWQXFZIhhQ986yoxH06u/mbNZ8T1H0QB58vy0TZ8v3XC9b5/LWsEljoH3ixXX2\n"
    "Bz2oWKG5oBEv/e7laeQGXCdsRa2HN06KP3KOJr9+UPDpiWhyqCGm6ULH+3OAmwAI\n"
    "3O6c8QdjxflDd6dkPTBdLrcaJdyVwS2KF/9iKA2YsdVxHxANm2qvtEJkxSHLSLGK\n"
    "h2pgkLTqyz/sfo39FFyqXdHRm77n2oec9LaXrZQrSQKBgQDzPnu3/v9tnU6yTxGj\n"
    "REJJzceRNywK+tJoU2S9oRbHjdUiYHJk1GPd9u0OTx+6K9s695SKa3xi30rVWmFR\n"
    "lDQsZ0+Xm8pgFWwI3+Varz6kBPOo8dkF+VFVNOA4pFaZ1Rd8Ik6rfH+Ne62McvTI\n"
    "CK7voIANLvLcGntyZM1O21YclwKBgQDOSAm1gcpij6xjPRV5r8TlJvbqFXcZf8EC\n"
    "SYLN6OTM3vRHafGME789tZMtAEddab0q23R78Gw2YRDAl/N+tg9kivkWvp+1w0eJ\n"
    "Bi2syddLcZpZfDAxsdZl8X9+Cb/7S9pdDCVEQfdlcwB4uFf118DVAW6GdXaVT5M2\n"
    "YGz3gNuz2wKBgQDtkL32UxcW8Ic2wOCiC32OZWse2bqrMpMjDyeZyOXdmhlqTLYM\n"
    "4h5zX8Hgsshy5HhmG/24Pwgp7JlCzNW1fkCCiZgDo0VBGEr+U+XF7tgIC0oKW8Ix\n"
    "AnI7/LtstpxZ+/PG6h7Zf2t4PC2guXl2kHyCTsghmBPbggXFEMwv0ypEGwKBgCcn\n"
    "1W/2qwv6aaaMub7XdnBo7QWR/YGBlolwmrurMYMR7xx/J7KHLQ3xoXYxT1qT76xq\n"
    "67l68Y+A7UUhkr7CoDldh9qhZH+ECdggrBrYVV2kur+xqxRDxYakSKcMAr0YsOJo\n"
    "o8pJG0TOh5BirY+k3J2SIAC120SMTk1MEGMKuqlxAoGAIJharCPjAfwURwVAZB5t\n"
    "NI0F6W/CecWCz0MZ6E2qWtZY+JbojcItqQ2aFoKJgqq0S5D9zcnJnwIzLreKjcWO\n"
    "3S/m9IMdLr9yK90IH5XvYc+RwzrD08VaYOdM4WWHEHZdpsoZzdRehB9sVYAJgTSe\n"
    "nhtp0X6gh3Eu+HJvVhdK53c=\n"
    "-----END PRIVATE KEY-----\n";

static const char fuzz_tls_cnip_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBpzCCAUygAwIBAgIUOlHXmQhKzphAPssP/WrlVeffsw8wCgYIKoZIzj0EAwIw\n"
    "FzEVMBMGA1UEAwwMQ04tT25seS5UZXN0MB4XDTI2MTIwNzIxMjEzOVoXDTQ2MTIw\n"
    "MjIxMjEzOVowFzEVMBMGA1UEAwwMQ04tT25seS5UZXN0MFkwEwYHKoZIzj0CAQYI\n"
    "KoZIzj0DAQcDQgAEagnqKRD2p/nzjHYGzD+I0FIlysfzvTmxdkHq645p90nicmhD\n"
    "dOOblApRom6kk22wmeXmgSLlEBorCnctc0UMiKN2MHQwHQYDVR0OBBYEFG72SMuY\n"
    "IaiEGXRzSIqJJKOIdJboMB8GA1UdIwQYMBaAFG72SMuYIaiEGXRzSIqJJKOIdJbo\n"
    "MA8GA1UdEwEB/wQFMAMBAf8wIQYDVR0RBBowGIcECgAAAYcQIAENuAAAAAAAAAAA\n"
    "AAAAATAKBggqhkjOPQQDAgNJADBGAiEAiveBafNKQdRy6Ey4YyCBuiw6leN42lAL\n"
    "Q3agg2dcOYMCIQDz+WzG7/SkezKyIHAQP9vBZAB4pQczdKxJiAPdNOmyfQ==\n"
    "-----END CERTIFICATE-----\n";

static const char fuzz_tls_cnsan_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBxDCCAWqgAwIBAgITWwgf3U7fTSvU1mfHiWzm677n+DAKBggqhkjOPQQDAjAo\n"
    "MQ8wDQYDVQQKDAZNaXJhZ2UxFTATBgNVBAMMDGlnbm9yZWQudGVzdDAeFw0yNjEy\n"
    "MDcyMTIxMzlaFw00NjEyMDIyMTIxMzlaMCgxDzANBgNVBAoMBk1pcmFnZTEVMBMG\n"
    "A1UEAwwMaWdub3JlZC50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBkpZ\n"
    "Scdt3IjmpC9JlWibItDG9MLJp67EuhTadBGYDWvShzUhaWiiop80eZitnFs0L8rn\n"
    "Ql4SgYhi58TR2277d6NzMHEwHQYDVR0OBBYEFDT7CQHhv4RASwH/fXNFsai/2m3h\n"
    "MB8GA1UdIwQYMBaAFDT7CQHhv4RASwH/fXNFsai/2m3hMA8GA1UdEwEB/wQFMAMB\n"
    "Af8wHgYDVR0RBBcwFYIJU2FuLlRlc3QugQhhQGIudGVzdDAKBggqhkjOPQQDAgNI\n"
    "ADBFAiEA4YWnH5pFkF5LG7EifYM0OZdbYUSef8PhkAFv9Fjac/MCIH5Kuap4Cz9T\n"
    "9mdTdm8eAcHt7Yp7uQy9J0HzxWpP8flH\n"
    "-----END CERTIFICATE-----\n";

static const char fuzz_tls_nosan_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBqDCCAU+gAwIBAgIUAOHwvcDOLYVTP9Pf/CbSKHcKzk0wCgYIKoZIzj0EAwIw\n"
    "KjETMBEGA1UEAwwKZmlyc3QudGVzdDETMBEGA1UEAwwKbm9zYW4udGVzdDAeFw0y\n"
    "NjEyMDcyMTIxMzlaFw00NjEyMDIyMTIxMzlaMCoxEzARBgNVBAMMCmZpcnN0LnRl\n"
    "c3QxEzARBgNVBAMMCm5vc2FuLnRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC\n"
    "AAT93sOrVjOOgB+HgloUrwV4Y/j28+I8c8uomHQHC8eUB7z7wPVfuwOE+fe9uQJC\n"
    "DfcyyO7xbqBI02S4AZTo3R1Ao1MwUTAdBgNVHQ4EFgQU143YYYhaPSk+9xY7MXX2\n"
    "DEQfUdIwHwYDVR0jBBgwFoAU143YYYhaPSk+9xY7MXX2DEQfUdIwDwYDVR0TAQH/\n"
    "BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAY1DWYFE0RVp6js1iO6+hiz0OjRTbU\n"
    "zReACnhalXxaEQIgYKI6TOCMiXUgVfaM9C86HkLRppUcwk7ev9O9tdrKnx8=\n"
    "-----END CERTIFICATE-----\n";

#endif
