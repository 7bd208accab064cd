# The built-in integration catalog of tixcfg.
#
# It is written in the same catalog syntax that operators use to extend it
# from their own configuration (see README.md, "The catalog"). Every rule of
# the checker is generic over this file: no integration is known by name in
# Go code.

catalog_version = "2026.11.1"

permission "manage_integrations" {
  description  = "Enable and configure integrations in the company's admin settings."
  required_for = "all_integrations"
}

permission "manage_payments" {
  description  = "Configure payment processing, including integrations that take part in it."
  required_for = "payment_integrations"
}

feature_flag "dtcm" {
  description = "Dubai Tourism and Commerce Marketing: sync event data with DTCM."
}

feature_flag "refund_protect_group" {
  description    = "Refund Protect Group integration: refund protection at checkout."
  conflicts_with = ["manual_refund_protection"]
}

feature_flag "manual_refund_protection" {
  description = "Refund protection handled by the company itself."
}

feature_flag "szamlazz" {
  description    = "Számlázz.hu invoicing."
  conflicts_with = ["conditional_tax_bands"]
}

feature_flag "conditional_tax_bands" {
  description = "Tax bands whose application depends on a runtime condition."
  enables     = ["tax_band.condition"]
}

integration_type "dtcm" {
  name         = "Dubai Tourism and Commerce Marketing"
  description  = "Company event data is synced with DTCM performance data."
  category     = "event_compliance"
  feature_flag = "dtcm"

  company {
    setting "mode" {
      description = "Which DTCM system the company talks to."
      required    = true
      allowed     = ["live", "test"]
    }
    credential "api_key" {
      secret = true
    }
    credential "token_api_key" {
      secret = true
    }
    credential "client_id" {}
    credential "client_secret" {
      secret = true
    }
    credential "seller_code" {}
  }
}

integration_type "refund_protect_group" {
  name         = "Refund Protect Group"
  description  = "Customers can opt in to refund protection when purchasing tickets."
  category     = "refund_protection"
  feature_flag = "refund_protect_group"
  payment      = true

  reseller {
    environments = ["live", "test"]

    credential "client_id" {}
    credential "client_secret" {
      secret = true
    }
    credential "api_key" {
      secret = true
    }
    credential "vendor_code" {}
  }

  company {
    setting "mode" {
      description = "Standard shows the customer's details to Protect Group; anonymous does not."
      allowed     = ["standard", "anonymous"]
      default     = "standard"
    }
    setting "environment" {
      description         = "Which of the reseller's credential sets is used."
      selects_environment = true
      default             = "live"
    }
    setting "opt_in_required" {
      description = "Whether the customer must actively opt in to refund protection."
      type        = bool
      default     = false
    }
    setting "minimum_order_value" {
      description = "Smallest order, per ISO 4217 currency, that is offered protection."
      type        = map(number)
      keys        = "iso4217"
      minimum     = 0
      default     = {}
    }
    setting "tax_band" {
      description = "The company's tax band applied to the protection fee."
      references  = "tax_band"
    }
    setting "deadline_hours" {
      description = "Hours before the event after which protection is no longer offered."
      type        = number
      integer     = true
      minimum     = 0
      maximum     = 8760
    }
  }
}

integration_type "google_maps" {
  name        = "Google Maps"
  description = "Dynamic maps on event pages, custom map themes and multi-marker event browse pages."
  category    = "platform_service"

  reseller {
    credential "api_key" {
      description = "Google Maps JavaScript API key."
      secret      = true
    }
  }

  company {
    setting "dynamic_maps" {
      description = "Interactive maps instead of static map images."
      type        = bool
      default     = false
    }
    setting "map_theme" {
      description = "Name of the custom map theme."
    }
  }
}

integration_type "what3words" {
  name        = "what3words"
  description = "what3words addresses as an alternative to traditional addresses."
  category    = "platform_service"

  reseller {
    credential "api_key" {
      secret = true
    }
  }
}

integration_type "misr_sms" {
  name        = "Misr SMS"
  description = "Order approval and rejection notifications through the reseller's Misr SMS account."
  category    = "platform_service"

  reseller {
    credential "api_key" {
      secret = true
    }
    credential "sender_name" {}
  }

  company {
    setting "notify_on" {
      description = "Which order events send an SMS."
      type        = list(string)
      allowed     = ["approval", "rejection"]
      default     = ["approval", "rejection"]
    }
  }
}

integration_type "vatstack" {
  name        = "VATstack"
  description = "VAT compliance validation for EU transactions."
  category    = "platform_service"

  reseller {
    credential "secret_key" {
      secret = true
    }
  }
}

integration_type "facebook_login" {
  name        = "Facebook login"
  description = "Customers sign in with their Facebook account."
  category    = "social_login"

  reseller {
    credential "client_id" {}
    credential "client_secret" {
      secret = true
    }
  }
}

integration_type "google_login" {
  name        = "Google login"
  description = "Customers sign in with their Google account."
  category    = "social_login"

  reseller {
    credential "client_id" {}
    credential "client_secret" {
      secret = true
    }
  }
}

integration_type "twitter_login" {
  name        = "Twitter login"
  description = "Customers sign in with their Twitter account."
  category    = "social_login"

  reseller {
    credential "client_id" {}
    credential "client_secret" {
      secret = true
    }
  }
}

integration_type "apple_login" {
  name        = "Apple login"
  description = "Customers sign in with their Apple ID."
  category    = "social_login"

  reseller {
    credential "client_id" {}
    credential "private_key" {
      secret = true
    }
    credential "private_key_id" {}
    credential "team_id" {}
  }
}

integration_type "szamlazz" {
  name         = "Számlázz.hu"
  description  = "Invoices issued through Számlázz.hu."
  category     = "invoicing"
  feature_flag = "szamlazz"
  payment      = true

  company {
    credential "agent_key" {
      secret = true
    }
  }
}
