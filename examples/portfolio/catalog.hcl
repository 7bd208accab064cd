# Operator extensions to the built-in catalog (`tixcfg catalog --builtin`
# lists that one). The platform team added two integrations after the
# release of tixcfg we run; declaring them here is all it takes for the
# checker to know their credentials, settings, flag and permissions.

# Seat maps and entry gates are edited by venue managers, who should not
# also be able to touch payment settings.
permission "manage_venues" {
  description = "Edit venue layouts: seat maps, sections and entry gates."
}

# Reserved seating is sold per reseller contract, like the built-in flags.
feature_flag "reserved_seating" {
  description = "Events sold seat by seat from an interactive seat map instead of general admission."
}

integration_type "seatplan" {
  name         = "Seatplan"
  description  = "Interactive seat maps at checkout; a seat is held while the customer pays."
  category     = "seating"
  feature_flag = "reserved_seating"
  # Listing permissions replaces the catalog's default (manage_integrations
  # for every integration), so manage_integrations is named again.
  permissions = ["manage_integrations", "manage_venues"]

  reseller {
    credential "workspace_id" {
      description = "Seatplan workspace of the reseller."
    }
    credential "workspace_secret" {
      description = "Server-side key of the workspace."
      secret      = true
    }
    # Only resellers that let venues draw their own charts have a designer
    # licence.
    credential "designer_key" {
      description = "Licence key of the chart designer."
      secret      = true
      required    = false
    }
  }

  company {
    setting "chart_key" {
      description = "The venue's seat chart in the reseller's workspace."
      required    = true
    }
    setting "hold_minutes" {
      description = "How long a selected seat is held for the customer."
      type        = number
      integer     = true
      minimum     = 5
      maximum     = 30
      default     = 15
    }
    setting "best_available" {
      description = "Offer \"best available\" besides picking seats on the map."
      type        = bool
      default     = true
    }
    setting "booking_fee" {
      description = "Fee per reserved seat, per ISO 4217 currency."
      type        = map(number)
      keys        = "iso4217"
      minimum     = 0
      default     = {}
    }
  }
}

integration_type "gatescan" {
  name        = "GateScan"
  description = "Ticket scanning at venue entrances with GateScan handhelds."
  category    = "access_control"
  # No feature flag: any company whose reseller has a GateScan account may
  # scan tickets. Gates are venue business, so manage_venues is needed.
  permissions = ["manage_integrations", "manage_venues"]

  reseller {
    # GateScan gives every account a production and a sandbox tenant.
    environments = ["production", "sandbox"]

    credential "account_id" {}
    credential "api_key" {
      secret = true
    }
  }

  company {
    credential "device_enrolment_token" {
      description = "Token the company's handhelds enrol with."
      secret      = true
    }
    setting "environment" {
      description         = "Which GateScan tenant of the reseller the company scans against."
      selects_environment = true
      default             = "production"
    }
    setting "offline_mode" {
      description = "Let handhelds validate tickets without a connection and sync later."
      type        = bool
      default     = false
    }
    setting "entry_gates" {
      description = "Names of the gates tickets are scanned at."
      type        = list(string)
    }
    setting "reentry" {
      description = "Whether a scanned ticket may enter again."
      allowed     = ["never", "same_day", "always"]
      default     = "never"
    }
  }
}
