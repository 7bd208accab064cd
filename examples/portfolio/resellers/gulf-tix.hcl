# Gulf Tix FZ-LLC sells tickets for venues across the United Arab Emirates.
# Every secret below is a reference into the platform's secret store, never
# the value itself.
reseller "gulf-tix" {
  name = "Gulf Tix FZ-LLC"

  # The reseller holds both refund protection flags: most venues sell Refund
  # Protect Group cover, a few run their own refund desk. Each company picks
  # one side (tixcfg reports a company that picks both).
  feature_flags = [
    "dtcm",
    "refund_protect_group",
    "manual_refund_protection",
    "reserved_seating",
  ]

  integration "google_maps" {
    api_key = secret("gulf-tix/google-maps-js")
  }

  integration "what3words" {
    api_key = secret("gulf-tix/what3words")
  }

  # Companies choose the credential set with `environment` in their own
  # refund_protect_group block; "live" is the default.
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "gulftix-live"
      client_secret = secret("gulf-tix/rpg/live/client-secret")
      api_key       = secret("gulf-tix/rpg/live/api-key")
      vendor_code   = "GTX01"
    }
    environment "test" {
      client_id     = "gulftix-test"
      client_secret = secret("gulf-tix/rpg/test/client-secret")
      api_key       = secret("gulf-tix/rpg/test/api-key")
      vendor_code   = "GTX01T"
    }
  }

  integration "apple_login" {
    client_id      = "ae.gulftix.checkout"
    private_key    = secret("gulf-tix/apple/sign-in-p8")
    private_key_id = "7QK2M9XW4D"
    team_id        = "GT4A8Z2L6P"
  }

  integration "google_login" {
    client_id     = "418820377641-gulftix.apps.googleusercontent.com"
    client_secret = secret("gulf-tix/google-oauth")
  }

  # Operator catalog (catalog.hcl): seat maps. The designer licence is
  # optional and Gulf Tix has one.
  integration "seatplan" {
    workspace_id     = "ws-gulf-tix"
    workspace_secret = secret("gulf-tix/seatplan/workspace")
    designer_key     = secret("gulf-tix/seatplan/designer")
  }

  integration "gatescan" {
    environment "production" {
      account_id = "GS-AE-1042"
      api_key    = secret("gulf-tix/gatescan/production")
    }
    environment "sandbox" {
      account_id = "GS-AE-1042-SBX"
      api_key    = secret("gulf-tix/gatescan/sandbox")
    }
  }
}
