// What the peer keeps in memory (Benchmarks/peer/sqlite.mjs): the request budget's counters, the
// bounded caches and the read-through cache of computed values. The graphql-js peer keeps them
// per worker process; this peer's workers are goroutines of one process, so they share them
// behind a lock.
package main

import (
	"container/list"
	"encoding/json"
	"fmt"
	"sync"
)

// APIError is an error with a GraphQL `extensions.code`, like the project's APIError.
type APIError struct {
	Code    string
	Message string
	Fields  map[string]any // further members of `extensions`
}

func (e *APIError) Error() string { return e.Message }

// Extensions is what graphql-go writes as the error's `extensions`.
func (e *APIError) Extensions() map[string]any {
	extensions := map[string]any{}
	for key, value := range e.Fields {
		extensions[key] = value
	}
	extensions["code"] = e.Code
	return extensions
}

func apiError(code, message string) *APIError { return &APIError{Code: code, Message: message} }

// RateCounters are fixed-window counters in memory, as a serving process of the project counts
// the request budget (RateCounters.swift): exact within the process, no write.
type RateCounters struct {
	lock    sync.Mutex
	windows map[string]*rateWindow
}

type rateWindow struct{ count, expiresAt int64 }

func (c *RateCounters) increment(key string, ttl, amount, now int64) (int64, int64) {
	c.lock.Lock()
	defer c.lock.Unlock()
	window := c.windows[key]
	if window == nil || window.expiresAt <= now {
		window = &rateWindow{expiresAt: now + ttl*1000}
		c.windows[key] = window
	}
	window.count += amount
	return window.count, window.expiresAt
}

// Budget is a fixed-window limit: so many units per so many seconds.
type Budget struct{ limit, windowSeconds int64 }

// spend takes units from subject's budget (RateLimiter.swift), or fails with RATE_LIMITED.
func spend(counters *RateCounters, bucket, subject string, budget Budget, now, units int64) error {
	count, expiresAt := counters.increment("rl:"+bucket+":"+subject, budget.windowSeconds, units, now)
	if count > budget.limit {
		retryAfter := (expiresAt - now + 999) / 1000
		if retryAfter < 1 {
			retryAfter = 1
		}
		return &APIError{Code: "RATE_LIMITED", Message: fmt.Sprintf("Too many requests; try again in %d seconds.", retryAfter),
			Fields: map[string]any{"retryAfter": retryAfter}}
	}
	return nil
}

// LRU is a bounded least-recently-used map (the project's LRUCache).
type LRU struct {
	lock     sync.Mutex
	capacity int
	order    *list.List // front: most recently used
	entries  map[string]*list.Element
}

type lruEntry struct {
	key   string
	value any
}

func newLRU(capacity int) *LRU {
	return &LRU{capacity: capacity, order: list.New(), entries: map[string]*list.Element{}}
}

func (c *LRU) get(key string) (any, bool) {
	c.lock.Lock()
	defer c.lock.Unlock()
	element, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(element)
	return element.Value.(*lruEntry).value, true
}

func (c *LRU) set(key string, value any) {
	if c.capacity <= 0 {
		return
	}
	c.lock.Lock()
	defer c.lock.Unlock()
	if element, ok := c.entries[key]; ok {
		element.Value.(*lruEntry).value = value
		c.order.MoveToFront(element)
		return
	}
	c.entries[key] = c.order.PushFront(&lruEntry{key, value})
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.entries, oldest.Value.(*lruEntry).key)
	}
}

type keptValue struct {
	value     any
	expiresAt int64
}

// cachedValue reads through the cache of computed values (KVCache.swift): memory, then the KV
// file (as JSON), then compute, whose value is written to both.
func cachedValue[T any](kv *KVStore, memory *LRU, key string, ttl, now int64, compute func() T) T {
	if kept, ok := memory.get(key); ok && kept.(keptValue).expiresAt > now {
		return kept.(keptValue).value.(T)
	}
	expiresAt := now + ttl*1000
	if text, ok := kv.get(key, now); ok {
		var value T
		// An undecodable entry falls back to computing the value.
		if json.Unmarshal([]byte(text), &value) == nil {
			memory.set(key, keptValue{value, expiresAt})
			return value
		}
	}
	value := compute()
	kv.put(key, jsonText(value), ttl, now)
	memory.set(key, keptValue{value, expiresAt})
	return value
}
