# Jegyház Kft. is the Hungarian reseller: arenas, festivals and jazz clubs.
reseller "jegyhaz" {
  name = "Jegyház Kft."

  # szamlazz and conditional_tax_bands exclude each other on a company, but
  # the reseller offers both: venues that invoice through Számlázz.hu do not
  # use conditional tax bands, and the festival that needs them does not use
  # Számlázz.hu.
  feature_flags = ["szamlazz", "conditional_tax_bands", "refund_protect_group"]

  # EU VAT number validation for business buyers.
  integration "vatstack" {
    secret_key = secret("jegyhaz/vatstack")
  }

  integration "google_maps" {
    api_key = secret("jegyhaz/google-maps-js")
  }

  integration "facebook_login" {
    client_id     = "2290417753310268"
    client_secret = secret("jegyhaz/facebook-app-secret")
  }

  integration "google_login" {
    client_id     = "902113559804-jegyhaz.apps.googleusercontent.com"
    client_secret = secret("jegyhaz/google-oauth")
  }

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "jegyhaz-live"
      client_secret = secret("jegyhaz/rpg/live/client-secret")
      api_key       = secret("jegyhaz/rpg/live/api-key")
      vendor_code   = "JGH07"
    }
    environment "test" {
      client_id     = "jegyhaz-test"
      client_secret = secret("jegyhaz/rpg/test/client-secret")
      api_key       = secret("jegyhaz/rpg/test/api-key")
      vendor_code   = "JGH07T"
    }
  }
}
