package checker

import (
	"testing"

	"github.com/mtibben/confusables"
)

// The all-ASCII fast path of skeleton is the UTS #39 skeleton.
func TestASCIISkeleton(t *testing.T) {
	var all []byte
	for c := byte(0); c < 0x80; c++ {
		all = append(all, c)
		if got, want := skeleton(string(c)), confusables.Skeleton(string(c)); got != want {
			t.Errorf("skeleton(%q) = %q, want %q", c, got, want)
		}
	}
	for _, s := range []string{string(all), "dubai-live", "company-0110", "I|1l", "corn"} {
		if got, want := skeleton(s), confusables.Skeleton(s); got != want {
			t.Errorf("skeleton(%q) = %q, want %q", s, got, want)
		}
	}
	if skeleton("аcme") != skeleton("acme") || skeleton("acme") == skeleton("acne") {
		t.Error("skeletons do not tell look-alikes")
	}
}
