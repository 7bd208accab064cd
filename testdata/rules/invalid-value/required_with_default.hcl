# A setting that is both required and defaulted contradicts itself: the
# default means a company never has to write it.
integration_type "mailchimp" {
  category = "marketing"

  company {
    setting "region" {
      allowed  = ["eu", "us"]
      default  = "eu"
      required = true # want: invalid-value `^Required setting with a default Setting "region" has a default`
    }
    setting "list_id" {
      required = true
    }
  }
}
