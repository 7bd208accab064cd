# Operator catalog declarations have a schema of their own.
feature_flag "early_access" {
  descrption = "Early access sales." # want: schema `^Unsupported attribute "descrption" An attribute named "descrption" is not expected here\. Did you mean "description"\?$`
}

permission "manage_marketing" {
  required_for = "all_integrations"
  scope        = "company" # want: schema `An attribute named "scope" is not expected here\.`
}

integration_type "mailchimp" { # want: schema `^Missing required attribute The attribute "category" is required`
  name    = "Mailchimp"
  payment = "sometimes" # want: schema `Inappropriate value for attribute "payment": bool required, got string\.`

  reseller {
    credential "api_key" {
      secret = true
      type   = string # want: schema `An attribute named "type" is not expected here\.`
    }
  }

  company {
    setting "region" {
      type = strin # want: schema `^Invalid type specification The keyword "strin" is not a valid type specification\.$`
    }
    setting "limits" {
      type = map(numbr) # want: schema `The keyword "numbr" is not a valid type specification\.`
    }
    credential "list_id" {
      allowed = ["a"] # want: schema `An attribute named "allowed" is not expected here\.`
    }
  }
  company { # want: duplicate `^Duplicate company block`
  }
  webhook {} # want: schema `Blocks of type "webhook" are not expected here\.`
}
