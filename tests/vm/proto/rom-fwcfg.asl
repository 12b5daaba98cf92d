/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 * rom-fwcfg.asl - prototype: serve the dGPU _ROM from a fw_cfg file.
 *
 * Research table for tests/vm/ROM-DESIGN.md (measured by proto/run.sh).
 * \_SB.PCI0.S08.S00._ROM uses design (a), an IndexField over the fw_cfg
 * data port; the other designs are reachable as methods of \_SB.PCI0.S08
 * so that one boot can time them all:
 *   RROM (Off, Len)  (a)  IndexField, ByteAcc, index = data port 0x511
 *   RROW (Off, Len)  (a2) IndexField, WordAcc, data = ports 0x510+0x511
 *   RROC (Off, Len)  (c)  plain AML loop, one Field read per byte
 *   RROD (Off, Len)  (d)  (a2) plus a cache of 4 KiB blocks, grown by
 *                         doubling, so a sequential read is O(size)
 *   RROB (Off, Len)  (b)  fw_cfg DMA select+skip, then (a2) for the read;
 *                         the 16-byte DMA descriptor lives in the unused
 *                         first 40 bytes of QEMU's vmgenid buffer
 *                         (\VGIA, needs -device vmgenid); without
 *                         it, falls back to RROD
 *   RCHK (Off, Len)  Package {SizeOf, checksum} of RROM (Off, Len)
 *
 * The file is found by name in the fw_cfg directory (item 0x19) on first
 * use; key and size are cached.  Every select+read runs under \_GL, like
 * Linux's qemu_fw_cfg driver.  QEMU ignores byte writes to the fw_cfg
 * ports (write support was removed in QEMU 2.4) and a byte read at 0x510
 * or 0x511 returns the next data byte, so the IndexField's index writes are
 * harmless.
 */
DefinitionBlock ("", "SSDT", 1, "OPTVF", "ROMPROTO", 0x00000001)
{
    External (\_SB.PCI0.S08, DeviceObj)
    External (\_SB.PCI0.S08.S00, DeviceObj)
    External (\VGIA, IntObj)

    Scope (\_SB.PCI0.S08)
    {
        OperationRegion (FWIO, SystemIO, 0x0510, 0x02)
        Field (FWIO, WordAcc, NoLock, WriteAsZeros)
        {
            FSEL,   16
        }
        Field (FWIO, ByteAcc, NoLock, WriteAsZeros)
        {
            Offset (0x01),
            FIDX,   8
        }
        Field (FWIO, ByteAcc, NoLock, Preserve)
        {
            Offset (0x01),
            FDAT,   8
        }
        Field (FWIO, ByteAcc, NoLock, Preserve)
        {
            FDW,    16
        }

        /* (a): every unit sits at index 0; reading one consumes its width */
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R4K, 32768 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R800, 16384 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R400, 8192 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R200, 4096 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R100, 2048 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R080, 1024 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R040, 512 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R020, 256 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R010, 128 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R008, 64 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R004, 32 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R002, 16 }
        IndexField (FIDX, FDAT, ByteAcc, NoLock, Preserve) { R001, 8 }

        /* (a2): two data bytes per index write */
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W4K, 32768 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W800, 16384 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W400, 8192 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W200, 4096 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W100, 2048 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W080, 1024 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W040, 512 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W020, 256 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W010, 128 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W008, 64 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W004, 32 }
        IndexField (FIDX, FDW, WordAcc, NoLock, Preserve) { W002, 16 }

        Name (RNAM, Buffer () {"opt/com.lion328/nvidia-rom"})
        Name (RKEY, Zero)
        Name (RSIZ, Zero)

        /* Big-endian 32-bit value at Arg1 in buffer Arg0. */
        Method (BE32, 2, NotSerialized)
        {
            Local0 = DerefOf (Arg0 [Arg1]) << 24
            Local0 |= DerefOf (Arg0 [Arg1 + 1]) << 16
            Local0 |= DerefOf (Arg0 [Arg1 + 2]) << 8
            Local0 |= DerefOf (Arg0 [Arg1 + 3])
            Return (Local0)
        }

        /* Look the file up in the directory; caller holds \_GL. */
        Method (RFND, 0, Serialized)
        {
            FSEL = 0x19
            Local0 = R001 << 24
            Local0 |= R001 << 16
            Local0 |= R001 << 8
            Local0 |= R001
            Local1 = SizeOf (RNAM)
            While (Local0)
            {
                Local2 = R040
                If (Mid (Local2, 8, Local1) == RNAM)
                {
                    RSIZ = BE32 (Local2, Zero)
                    RKEY = (DerefOf (Local2 [4]) << 8) | DerefOf (Local2 [5])
                    Break
                }
                Local0--
            }
        }

        /*
         * Select the file and return how many bytes of [Arg0, Arg0+Arg1)
         * exist (at most 4 KiB); 0 when none.  Caller holds \_GL.
         */
        Method (RSEL, 2, NotSerialized)
        {
            If (RKEY == Zero)
            {
                RFND ()
            }
            If ((RKEY == Zero) || (Arg0 >= RSIZ))
            {
                Return (Zero)
            }
            Local0 = Arg1
            If (Local0 > 0x1000)
            {
                Local0 = 0x1000
            }
            If (Local0 > (RSIZ - Arg0))
            {
                Local0 = RSIZ - Arg0
            }
            FSEL = RKEY
            Return (Local0)
        }

        /* (a) */
        Method (RROM, 2, Serialized)
        {
            Acquire (\_GL, 0xFFFF)
            Local0 = RSEL (Arg0, Arg1)
            If (Local0 == Zero)
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }
            Local1 = Arg0 >> 12
            While (Local1)
            {
                Local2 = R4K
                Local1--
            }
            Local1 = Arg0 & 0x0FFF
            If (Local1 & 0x0800) { Local2 = R800 }
            If (Local1 & 0x0400) { Local2 = R400 }
            If (Local1 & 0x0200) { Local2 = R200 }
            If (Local1 & 0x0100) { Local2 = R100 }
            If (Local1 & 0x80) { Local2 = R080 }
            If (Local1 & 0x40) { Local2 = R040 }
            If (Local1 & 0x20) { Local2 = R020 }
            If (Local1 & 0x10) { Local2 = R010 }
            If (Local1 & 0x08) { Local2 = R008 }
            If (Local1 & 0x04) { Local2 = R004 }
            If (Local1 & 0x02) { Local2 = R002 }
            If (Local1 & 0x01) { Local2 = R001 }
            Local2 = R4K
            Release (\_GL)
            Return (Mid (Local2, Zero, Local0))
        }

        /* (a2) */
        Method (RROW, 2, Serialized)
        {
            Acquire (\_GL, 0xFFFF)
            Local0 = RSEL (Arg0, Arg1)
            If (Local0 == Zero)
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }
            Local1 = Arg0 >> 12
            While (Local1)
            {
                Local2 = W4K
                Local1--
            }
            Local1 = Arg0 & 0x0FFF
            If (Local1 & 0x0800) { Local2 = W800 }
            If (Local1 & 0x0400) { Local2 = W400 }
            If (Local1 & 0x0200) { Local2 = W200 }
            If (Local1 & 0x0100) { Local2 = W100 }
            If (Local1 & 0x80) { Local2 = W080 }
            If (Local1 & 0x40) { Local2 = W040 }
            If (Local1 & 0x20) { Local2 = W020 }
            If (Local1 & 0x10) { Local2 = W010 }
            If (Local1 & 0x08) { Local2 = W008 }
            If (Local1 & 0x04) { Local2 = W004 }
            If (Local1 & 0x02) { Local2 = W002 }
            If (Local1 & 0x01) { Local2 = R001 }
            Local2 = W4K
            Release (\_GL)
            Return (Mid (Local2, Zero, Local0))
        }

        /* (c) */
        Method (RROC, 2, Serialized)
        {
            Acquire (\_GL, 0xFFFF)
            Local0 = RSEL (Arg0, Arg1)
            If (Local0 == Zero)
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }
            Local1 = Arg0
            While (Local1)
            {
                Local2 = FDAT
                Local1--
            }
            Local2 = Buffer (Local0) {}
            Local1 = Zero
            While (Local1 < Local0)
            {
                Local2 [Local1] = FDAT
                Local1++
            }
            Release (\_GL)
            Return (Local2)
        }

        /* (d): cache of 4 KiB blocks; holds up to 2 MiB */
        Name (CACH, Package (0x0200) {})
        Name (NBLK, Zero)
        Method (RROD, 2, Serialized)
        {
            Acquire (\_GL, 0xFFFF)
            Local0 = RSEL (Arg0, Arg1)
            If (Local0 == Zero)
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }
            Local1 = (Arg0 + Local0 - One) >> 12
            If (Local1 >= NBLK)
            {
                /* fill up to twice what is needed (at least 16 blocks) */
                Local2 = (Local1 + One) << One
                If (Local2 < 0x10)
                {
                    Local2 = 0x10
                }
                Local3 = (RSIZ + 0x0FFF) >> 12
                If (Local2 > Local3)
                {
                    Local2 = Local3
                }
                Local4 = NBLK
                While (Local4)
                {
                    Local5 = W4K
                    Local4--
                }
                While (NBLK < Local2)
                {
                    CACH [NBLK] = W4K
                    NBLK++
                }
            }
            Release (\_GL)
            Local2 = Arg0 >> 12
            Local3 = Arg0 & 0x0FFF
            Local4 = DerefOf (CACH [Local2])
            If ((Local3 + Local0) > 0x1000)
            {
                Concatenate (Local4, DerefOf (CACH [Local2 + One]), Local4)
            }
            Return (Mid (Local4, Local3, Local0))
        }

        /* (b) */
        OperationRegion (FWDM, SystemIO, 0x0514, 0x08)
        Field (FWDM, DWordAcc, NoLock, Preserve)
        {
            DMAH,   32,
            DMAL,   32
        }

        /* Byte-swap a 32-bit value (fw_cfg DMA is big-endian). */
        Method (BSWP, 1, NotSerialized)
        {
            Local0 = (Arg0 & 0xFF) << 24
            Local0 |= (Arg0 & 0xFF00) << 8
            Local0 |= (Arg0 >> 8) & 0xFF00
            Local0 |= (Arg0 >> 24) & 0xFF
            Return (Local0)
        }

        Name (DMAF, 0xFF)   /* fw_cfg DMA usable: 0xFF unknown, 0 no, 1 yes */
        Name (RBPT, Zero)   /* last RROB path: 1 DMA, 2 no VGIA, 3 no DMA, 4 DMA error */
        Method (RROB, 2, Serialized)
        {
            If (!CondRefOf (\VGIA))
            {
                RBPT = 0x02
                Return (RROD (Arg0, Arg1))
            }
            Local7 = \VGIA
            Acquire (\_GL, 0xFFFF)
            If (DMAF == 0xFF)
            {
                /* feature bitmap, item 0x01, little-endian; bit 1 = DMA */
                FSEL = One
                DMAF = (R001 >> One) & One
            }
            Local0 = RSEL (Arg0, Arg1)
            If ((Local0 == Zero) || (DMAF == Zero) || (Local7 == Zero))
            {
                Release (\_GL)
                If (Local0 == Zero)
                {
                    Return (Buffer (Zero) {})
                }
                RBPT = 0x03
                Return (RROD (Arg0, Arg1))
            }
            OperationRegion (DMAS, SystemMemory, Local7, 0x10)
            Field (DMAS, DWordAcc, NoLock, Preserve)
            {
                DCTL,   32,
                DLEN,   32,
                DAHI,   32,
                DALO,   32
            }
            /* select + skip Arg0 bytes in one transfer */
            Local1 = DCTL
            Local2 = DLEN
            Local3 = DAHI
            Local4 = DALO
            DCTL = BSWP ((RKEY << 16) | 0x0C)
            DLEN = BSWP (Arg0)
            DAHI = Zero
            DALO = Zero
            DMAH = Zero
            DMAL = BSWP (Local7)
            Local5 = DCTL
            DCTL = Local1
            DLEN = Local2
            DAHI = Local3
            DALO = Local4
            If (Local5 != Zero)
            {
                /* DMA error: do it the slow way */
                RBPT = 0x04
                Release (\_GL)
                Return (RROD (Arg0, Arg1))
            }
            Local6 = W4K
            RBPT = One
            Release (\_GL)
            Return (Mid (Local6, Zero, Local0))
        }

        /* Package {length, checksum} of RROM (Arg0, Arg1), for the tests. */
        Method (RCHK, 2, Serialized)
        {
            Local0 = RROM (Arg0, Arg1)
            Local1 = SizeOf (Local0)
            Local2 = Zero
            Local3 = Zero
            While (Local3 < Local1)
            {
                Local2 = (Local2 * 31) + DerefOf (Local0 [Local3])
                Local3++
            }
            Local4 = Package (0x02) {}
            Local4 [Zero] = Local1
            Local4 [One] = Local2
            Return (Local4)
        }
    }

    /*
     * One table for both QEMU shapes: with bridge hotplug QEMU already made
     * S00 (with only _ADR); without it there is no S00, so declare it first.
     * Linux loads a table as one method, in order, so the Scope below finds
     * the device either way.
     */
    If (!CondRefOf (\_SB.PCI0.S08.S00))
    {
        Scope (\_SB.PCI0.S08)
        {
            Device (S00)
            {
                Name (_ADR, Zero)
            }
        }
    }

    Scope (\_SB.PCI0.S08.S00)
    {
        Method (_ROM, 2, NotSerialized)
        {
            Return (\_SB.PCI0.S08.RROM (Arg0, Arg1))
        }
    }
}
